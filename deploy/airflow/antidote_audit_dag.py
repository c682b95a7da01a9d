"""Nightly Antidote audit of a corpus, as an Airflow DAG.

The run id is the logical date, so a retried or re-run task finds its own run: `output.if-exists=skip`
makes a retry after a successful commit a no-op (exit 0), and an interrupted attempt is cleaned up by the
next one (the output of a run appears atomically, see README). Exit codes: 2 configuration, 3 run exists,
4 bad input (fix the data; retrying will not help), 1 other failure.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

CORPUS = "s3a://corpora/laion-2b/part-*.parquet"
OUTPUT = "s3a://audits/laion-2b"
JAR = "/opt/antidote/antidote-jobs.jar"
JVM_OPTIONS = open("/opt/antidote/conf/jvm-options").read().split()

with DAG(
    dag_id="antidote_audit",
    start_date=datetime(2026, 11, 1),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["data-quality", "poisoning"],
) as dag:
    SparkSubmitOperator(
        task_id="audit",
        conn_id="spark_default",
        application=JAR,
        java_class="io.antidote.jobs.Antidote",
        packages="org.apache.hadoop:hadoop-aws:3.3.4",
        files="/opt/antidote/conf/cluster.conf,/opt/antidote/conf/s3.conf",
        conf={
            "spark.driver.extraJavaOptions": " ".join(o for o in JVM_OPTIONS if not o.startswith("#")),
            "spark.executor.extraJavaOptions": " ".join(o for o in JVM_OPTIONS if not o.startswith("#")),
        },
        application_args=[
            "audit",
            "--config", "cluster.conf",
            "--config", "s3.conf",
            "--input", CORPUS,
            "--output", OUTPUT,
            "--run-id", "{{ ds_nodash }}",
            "--conf", "output.if-exists=skip",
            "--conf", "detectors.provenance.deny-list=s3a://audits/lists/deny.txt",
        ],
        execution_timeout=timedelta(hours=12),
    )
