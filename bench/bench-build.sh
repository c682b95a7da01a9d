# Sourced by the bench scripts run from the repository root: builds the job jar (as ./antidote does) and
# the bench module with its runtime classpath in WORK, and sets $opens (Spark's --add-opens flags, from
# the parent POM) and $cp (the bench classpath). MVN_OFFLINE=-o builds from ~/.m2 only.
bench_build() { # WORK
  ./antidote help >/dev/null
  mvn -B -q ${MVN_OFFLINE:-} -pl bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$1/classpath.txt" -Dmdep.includeScope=runtime
  opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
  cp="bench/target/classes:common/target/classes:udfs/target/classes:$(cat "$1/classpath.txt")"
}
