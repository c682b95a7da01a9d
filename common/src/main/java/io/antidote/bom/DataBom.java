package io.antidote.bom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.antidote.manifest.ShardEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * A run's data bill of materials, CycloneDX 1.6 JSON written with cyclonedx-core-java: each corpus
 * shard as a {@code data} component (SHA-256, size, Parquet rows and row groups as properties),
 * each embedding model used as a {@code machine-learning-model} component (id, version, weights
 * SHA-256), Antidote as the tool, the run's counts as {@code antidote:count:*} properties. It lists
 * what was audited; it says nothing about what the shards contain beyond their hashes.
 */
public final class DataBom {
  public static final String FILE = "bom.cdx.json";
  public static final String TOOL = "antidote";

  /** A model used by the run; {@code weightsSha256} empty when its files were not hashed here. */
  public record Model(String id, String version, String uri, Optional<String> weightsSha256) {}

  private DataBom() {}

  /**
   * The BOM of run {@code runId} over {@code shards} of the corpus at {@code corpusRoot}, as JSON.
   *
   * @param counts property name to value, in the order given (flattened counts of run.json)
   */
  public static String json(
      String runId,
      String toolVersion,
      String corpusRoot,
      List<ShardEntry> shards,
      List<Model> models,
      Map<String, String> counts) {
    Bom bom = new Bom();
    bom.setSerialNumber(
        "urn:uuid:"
            + UUID.nameUUIDFromBytes(
                ("antidote-run:" + runId).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    bom.setVersion(1);
    Metadata metadata = new Metadata();
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName(TOOL);
    tool.setVersion(toolVersion);
    tool.setDescription("audits training corpora for data poisoning");
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);
    List<Property> props = new ArrayList<>();
    props.add(property("antidote:run_id", runId));
    props.add(property("antidote:corpus_root", corpusRoot));
    counts.forEach((k, v) -> props.add(property("antidote:count:" + k, v)));
    metadata.setProperties(props);
    bom.setMetadata(metadata);

    List<Component> components = new ArrayList<>();
    for (ShardEntry s : shards) {
      Component c = new Component();
      c.setType(Component.Type.DATA);
      c.setBomRef("shard:" + s.path());
      c.setName(s.path());
      c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, s.sha256())));
      List<Property> p = new ArrayList<>();
      p.add(property("antidote:size_bytes", Long.toString(s.size())));
      if (s.rows() != null) {
        p.add(property("antidote:rows", s.rows().toString()));
        p.add(property("antidote:row_groups", s.rowGroups().toString()));
      }
      c.setProperties(p);
      components.add(c);
    }
    for (Model m : models) {
      Component c = new Component();
      c.setType(Component.Type.MACHINE_LEARNING_MODEL);
      c.setBomRef("model:" + m.id() + "@" + m.version());
      c.setName(m.id());
      c.setVersion(m.version());
      m.weightsSha256().ifPresent(h -> c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, h))));
      c.setProperties(List.of(property("antidote:model_uri", m.uri())));
      components.add(c);
    }
    bom.setComponents(components);
    try {
      return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString();
    } catch (org.cyclonedx.exception.GeneratorException e) {
      throw new IllegalStateException("cannot render the CycloneDX BOM: " + e.getMessage(), e);
    }
  }

  /**
   * The run's counts (a record such as {@code AuditCounts}) as run.json names them, nested maps
   * flattened with dots ({@code flags_by_detector.integrity}).
   */
  public static Map<String, String> flatten(Object counts) {
    ObjectMapper mapper =
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", mapper.valueToTree(counts), out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      out));
    } else if (!node.isNull()) {
      out.put(prefix, node.asText());
    }
  }

  private static Property property(String name, String value) {
    Property p = new Property();
    p.setName(name);
    p.setValue(value);
    return p;
  }
}
