package io.antidote.config;

/** A configuration key is unknown or has a bad value; raised before Spark starts. */
public final class InvalidConfigException extends RuntimeException {
  private final String key;

  public InvalidConfigException(String key, String message) {
    super("configuration key '" + key + "': " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
