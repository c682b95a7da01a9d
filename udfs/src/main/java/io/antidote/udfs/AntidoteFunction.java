package io.antidote.udfs;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.ScalaUDF;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import scala.Function1;
import scala.Tuple3;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.collection.immutable.Map;

/**
 * One Antidote SQL function: its SQL name, how many arguments it takes, the UDF that computes it
 * and the usage text {@code DESCRIBE FUNCTION} shows ({@code _FUNC_} stands for the name, as in
 * Spark's own functions). {@link #description()} is what both {@link AntidoteSqlExtensions} and
 * {@link AntidoteFunctions#register} hand to Spark.
 */
public record AntidoteFunction(String name, int arity, UserDefinedFunction udf, String usage) {

  public AntidoteFunction {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(usage, "usage");
    if (arity < 0) {
      throw new IllegalArgumentException(name + ": negative arity " + arity);
    }
    // Named, so a SQL result column reads registrable_domain(url) rather than UDF(url).
    udf = udf.withName(name);
  }

  public FunctionIdentifier identifier() {
    return new FunctionIdentifier(name);
  }

  public ExpressionInfo info() {
    return new ExpressionInfo(
        ScalaUDF.class.getCanonicalName(), null, name, usage, "", "", "", "", "", "", "java_udf");
  }

  /**
   * The expression for a call with {@code arguments}; an {@link AnalysisException} naming the
   * function when their number is not {@link #arity}.
   */
  public Expression build(Seq<Expression> arguments) {
    List<Expression> args = JavaConverters.seqAsJavaList(arguments);
    if (args.size() != arity) {
      throw AntidoteFunction.<RuntimeException>unchecked(
          new AnalysisException(
              "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
              new Map.Map4<>(
                  "functionName",
                  "`" + name + "`",
                  "expectedNum",
                  Integer.toString(arity),
                  "actualNum",
                  Integer.toString(args.size()),
                  // The error class's text ends with a pointer to Spark's function reference (which
                  // does not list these functions); Spark fills it with the same root.
                  "docroot",
                  "https://spark.apache.org/docs/latest")));
    }
    return udf.apply(args.stream().map(Column::new).toArray(Column[]::new)).expr();
  }

  /**
   * Throws {@code e} without Java's checked-exception check: the builder is a Scala function, and
   * Spark (Scala) throws its checked {@link AnalysisException} from such builders the same way.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable e) throws E {
    throw (E) e;
  }

  /** The triple {@code SparkSessionExtensions.injectFunction} and the function registry take. */
  public Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>
      description() {
    return new Tuple3<>(identifier(), info(), this::build);
  }
}
