package io.antidote.corpus;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;

/**
 * One line a user can act on for a file-system failure, instead of the AWS SDK's message (a request
 * id, a service name and an error code in one run-on sentence, wrapped two or three times).
 * Recognises the failures a misconfigured object store gives: no credentials, wrong or insufficient
 * credentials, an endpoint that cannot be reached. Anything else keeps its own first line.
 */
public final class StorageErrors {
  private static final int MAX_MESSAGE = 300;

  private StorageErrors() {}

  /** What went wrong, in one line, for a message that already names the path. */
  public static String explain(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.endsWith("NoAuthWithAWSException")
          || name.endsWith("NoAwsCredentialsException")
          || name.endsWith("SdkClientException") && has(t, "Unable to load AWS credentials")) {
        return "no credentials for the object store: set fs.s3a.access.key and fs.s3a.secret.key"
            + " (for example antidote.spark.conf { \"spark.hadoop.fs.s3a.access.key\" = ... }),"
            + " the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, or"
            + " fs.s3a.aws.credentials.provider";
      }
      if (t instanceof AccessDeniedException || has(t, "403 Forbidden") || has(t, "AccessDenied")) {
        return "access denied (HTTP 403): the object store refused the credentials or they may not"
            + " read this path; check fs.s3a.access.key / fs.s3a.secret.key (or the credentials"
            + " provider) and the bucket's policy";
      }
      if (has(t, "InvalidAccessKeyId") || has(t, "SignatureDoesNotMatch")) {
        return "the object store does not accept the credentials (unknown access key or wrong"
            + " secret key); check fs.s3a.access.key / fs.s3a.secret.key";
      }
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof SocketTimeoutException) {
        return "cannot reach the file system's endpoint ("
            + t.getClass().getSimpleName()
            + ": "
            + firstLine(t.getMessage())
            + "); check fs.s3a.endpoint (or the name node address) and the network";
      }
    }
    return firstLine(e.getMessage());
  }

  private static boolean has(Throwable t, String needle) {
    return t.getMessage() != null && t.getMessage().contains(needle);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String line = message.lines().findFirst().orElse("").strip();
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
  }
}
