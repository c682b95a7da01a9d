package io.antidote.detect.clustering;

import io.antidote.detect.groups.GroupBy;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Flags ({@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}) and the per-group clustering
 * figures.
 *
 * @param skippedRows input rows without a usable embedding
 */
public record ActivationClusteringResult(
    Dataset<Row> flags, List<GroupClustering> groups, GroupBy groupBy, int dim, long skippedRows) {}
