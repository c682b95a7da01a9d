package io.antidote.embed;

import ai.djl.Device;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;

/**
 * Which device a task's predictor runs on, as a pure function of the task's resources, so that it
 * can be tested without a GPU. Spark puts the GPUs it assigned to a task in {@code
 * TaskContext.resources()} under {@code "gpu"} (set {@code spark.executor.resource.gpu.amount},
 * {@code spark.task.resource.gpu.amount} and a discovery script); their addresses are CUDA ordinals
 * as the executor process sees them. The first assigned address is used: with a fractional task
 * amount (e.g. 0.25) several tasks share one GPU and one model on it.
 */
public final class DeviceSelector {
  public static final String GPU_RESOURCE = "gpu";

  private DeviceSelector() {}

  public static Device select(
      EmbeddingSettings.DevicePreference preference, Map<String, ResourceInformation> resources) {
    if (preference == EmbeddingSettings.DevicePreference.CPU) {
      return Device.cpu();
    }
    ResourceInformation gpu = resources == null ? null : resources.get(GPU_RESOURCE);
    String[] addresses = gpu == null ? new String[0] : gpu.addresses();
    if (addresses.length == 0) {
      if (preference == EmbeddingSettings.DevicePreference.GPU) {
        throw new IllegalStateException(
            "embed.device = gpu but Spark assigned no GPU to this task (resources: "
                + (resources == null ? "{}" : resources.keySet())
                + "): set spark.executor.resource.gpu.amount, spark.task.resource.gpu.amount and"
                + " spark.executor.resource.gpu.discoveryScript, or use embed.device = auto");
      }
      return Device.cpu();
    }
    String address = addresses[0].trim();
    try {
      return Device.gpu(Integer.parseInt(address));
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "GPU address '"
              + address
              + "' assigned by Spark is not a CUDA ordinal: the discovery script must print indices"
              + " such as {\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}");
    }
  }
}
