package io.antidote.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of run.json, logs and reports. A setting is secret when its key matches
 * Spark's default {@code spark.redaction.regex} ({@code secret|password|token|access[.]key}) or
 * Hadoop's {@code hadoop.security.sensitive-config-keys} (credentials, encryption keys); a value
 * that is a URI with user information ({@code s3a://AKIA…:…@bucket}) loses that part. So the
 * effective configuration can be recorded whole, whichever way a credential was given.
 */
public final class Redaction {
  /** What a redacted value reads as. */
  public static final String REDACTED = "*********(redacted)";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i)secret|password|passwd|token|access[.-]?key|credential|private[.-]?key"
              + "|encryption[.-]?key|account[.]key|signing[.-]?key|[.-]key$");
  private static final Pattern URI_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

  private Redaction() {}

  /** Whether a configuration key (any prefix, any case) names a credential. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).find();
  }

  /** The value as it may be shown: redacted for a secret key, URI user information removed. */
  public static String redact(String key, String value) {
    if (value == null) {
      return null;
    }
    if (isSecretKey(key)) {
      return REDACTED;
    }
    return URI_USER_INFO.matcher(value).replaceAll("***@");
  }

  /** The configuration with every secret value replaced, for writing out. */
  public static Config redact(Config config) {
    Config out = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      Object raw = e.getValue().unwrapped();
      if (raw instanceof String s) {
        String shown = redact(e.getKey(), s);
        if (!shown.equals(s)) {
          out = out.withValue(quotePath(e.getKey()), ConfigValueFactory.fromAnyRef(shown));
        }
      } else if (isSecretKey(e.getKey())) {
        out = out.withValue(quotePath(e.getKey()), ConfigValueFactory.fromAnyRef(REDACTED));
      }
    }
    return out;
  }

  /** entrySet keys are already quoted where needed (e.g. {@code spark.conf."spark.x.y"}). */
  private static String quotePath(String key) {
    return key;
  }
}
