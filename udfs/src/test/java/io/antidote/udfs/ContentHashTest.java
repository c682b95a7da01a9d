package io.antidote.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentHashTest {
  @Test
  void knownDigests() {
    // FIPS 180-2 test vector.
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ContentHash.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void imageBytesWinOverText() {
    byte[] img = {1, 2, 3};
    assertEquals(ContentHash.sha256Hex(img), ContentHash.ofContent(img, "caption"));
    assertEquals(
        ContentHash.sha256Hex("caption".getBytes(StandardCharsets.UTF_8)),
        ContentHash.ofContent(null, "caption"));
    assertNull(ContentHash.ofContent(null, null));
  }

  @Test
  void recognisesHexDigests() {
    assertTrue(
        ContentHash.isSha256Hex(
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    assertFalse(ContentHash.isSha256Hex("xyz"));
    assertFalse(ContentHash.isSha256Hex(null));
  }

  @Test
  void textNormalisation() {
    // NFKC folds the "ﬁ" ligature and full-width letters; whitespace runs collapse.
    assertEquals(
        "hello world file ａ".replace("ａ", "a"),
        TextNormaliser.normalise("  Hello \t World  ﬁle Ａ "));
  }
}
