package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/gpu-discovery.sh with a stand-in nvidia-smi on the PATH: its output parses as Spark's
 * resource JSON, and the device chosen from it is the first GPU.
 */
class EmbedGpuDiscoveryScriptTest {
  @TempDir Path tmp;

  private String run(String fakeNvidiaSmi) throws IOException, InterruptedException {
    // The shipped script, from the test classpath (the pom copies conf/ there), run from a copy.
    Path script = tmp.resolve("gpu-discovery.sh");
    try (InputStream in = getClass().getResourceAsStream("/conf/gpu-discovery.sh")) {
      assertNotNull(in, "conf/gpu-discovery.sh is on the test classpath");
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    String path = "/usr/bin:/bin";
    if (fakeNvidiaSmi != null) {
      Path bin = Files.createDirectories(tmp.resolve("bin"));
      Path smi = bin.resolve("nvidia-smi");
      Files.writeString(smi, "#!/bin/sh\n" + fakeNvidiaSmi + "\n");
      Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
      path = bin + ":" + path;
    }
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
    pb.environment().put("PATH", path);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void listsTheGpusNvidiaSmiReports() throws Exception {
    String json = run("printf '0\\n1\\n3\\n'");
    ResourceInformation gpus = ResourceInformation.parseJson(json);
    assertEquals("gpu", gpus.name());
    assertArrayEquals(new String[] {"0", "1", "3"}, gpus.addresses());
    assertEquals(
        Device.gpu(0),
        DeviceSelector.select(EmbeddingSettings.DevicePreference.AUTO, Map.of("gpu", gpus)));
  }

  @Test
  void noNvidiaSmiMeansNoGpus() throws Exception {
    ResourceInformation gpus = ResourceInformation.parseJson(run(null));
    assertEquals(0, gpus.addresses().length);
  }
}
