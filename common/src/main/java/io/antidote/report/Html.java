package io.antidote.report;

/**
 * HTML escaping for text that comes from the data. Captions, URLs, sources, labels and reasons are
 * attacker-controlled: every one goes through {@link #text} (element content and quoted attribute
 * values alike), so a planted {@code <script>} is shown, never run.
 */
final class Html {
  /** Longest text shown for one value; longer values are cut, so the page stays small. */
  static final int MAX_TEXT = 300;

  private Html() {}

  /** Escaped and cut to {@link #MAX_TEXT} characters; null as an empty string. */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    String cut = s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    StringBuilder b = new StringBuilder(cut.length() + 16);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // Control characters other than tab and newline are not valid in HTML text.
          if (c < 0x20 && c != '\t' && c != '\n') {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** An id or data attribute value made of a detector or table name: anything else becomes '_'. */
  static String token(String s) {
    return s.replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
