# Sourced by the bench scripts (which set $root, the repository root). bench_build WORK builds the job jar
# (as ./antidote does) and the bench module with its runtime classpath in WORK, and sets $opens (Spark's
# --add-opens flags, from the parent POM) and $cp (the bench classpath). bench_setup WORK also creates WORK,
# sets $work to its absolute path and changes to $root first. MVN_OFFLINE=-o builds from ~/.m2 only.
bench_build() { # WORK
  ./antidote help >/dev/null
  mvn -B -q ${MVN_OFFLINE:-} -pl bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$1/classpath.txt" -Dmdep.includeScope=runtime
  opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
  cp="bench/target/classes:common/target/classes:udfs/target/classes:$(cat "$1/classpath.txt")"
}

bench_setup() { # WORK
  mkdir -p "$1"
  work=$(cd "$1" && pwd)
  cd "$root"
  bench_build "$work"
}
