package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.antidote.embed.EmbeddingSettings.DevicePreference;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** Device choice from a fake TaskContext resource map, as Spark builds it for GPU scheduling. */
class EmbedDeviceSelectorTest {
  private static Map<String, ResourceInformation> gpus(String... addresses) {
    return Map.of("gpu", new ResourceInformation("gpu", addresses));
  }

  @Test
  void assignedGpuIsUsed() {
    assertEquals(Device.gpu(1), DeviceSelector.select(DevicePreference.AUTO, gpus("1")));
    assertEquals(Device.gpu(0), DeviceSelector.select(DevicePreference.GPU, gpus("0", "3")));
    assertEquals(Device.gpu(2), DeviceSelector.select(DevicePreference.AUTO, gpus(" 2 ")));
  }

  @Test
  void noGpuMeansCpuUnlessGpuIsRequired() {
    assertEquals(Device.cpu(), DeviceSelector.select(DevicePreference.AUTO, Map.of()));
    assertEquals(Device.cpu(), DeviceSelector.select(DevicePreference.AUTO, null));
    assertEquals(Device.cpu(), DeviceSelector.select(DevicePreference.AUTO, gpus()));
    assertEquals(
        Device.cpu(),
        DeviceSelector.select(
            DevicePreference.AUTO,
            Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"}))));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> DeviceSelector.select(DevicePreference.GPU, Map.of()));
    assertTrue(e.getMessage().contains("spark.task.resource.gpu.amount"), e.getMessage());
  }

  @Test
  void cpuPreferenceIgnoresAssignedGpus() {
    assertEquals(Device.cpu(), DeviceSelector.select(DevicePreference.CPU, gpus("0")));
  }

  @Test
  void nonNumericAddressIsNamed() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> DeviceSelector.select(DevicePreference.AUTO, gpus("GPU-8f3a")));
    assertTrue(e.getMessage().contains("GPU-8f3a"), e.getMessage());
  }
}
