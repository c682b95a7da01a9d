package io.antidote.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrableDomainTest {

  @Test
  void multiPartPublicSuffixesKeepTheRegistrableLabel() {
    assertEquals(
        Optional.of("example.co.uk"),
        RegistrableDomain.of("https://cdn.images.example.co.uk/a.jpg"));
    assertEquals(Optional.of("shop.com.au"), RegistrableDomain.of("http://www.shop.com.au/x?y=1"));
    assertEquals(Optional.of("example.com"), RegistrableDomain.of("HTTPS://WWW.Example.COM./path"));
  }

  @Test
  void privateSuffixesCountAsPublic() {
    // github.io is on the PSL's private section: each user site is its own registrable domain.
    assertEquals(Optional.of("alice.github.io"), RegistrableDomain.of("https://alice.github.io/p"));
  }

  @Test
  void portsUserInfoAndUnderscoresAreHandled() {
    assertEquals(
        Optional.of("example.org"), RegistrableDomain.of("http://user:pw@a.example.org:8080/"));
    assertEquals(
        Optional.of("a_b.example.org"), RegistrableDomain.host("http://a_b.example.org/x"));
  }

  @Test
  void malformedIpAndSuffixOnlyUrlsHaveNoDomain() {
    assertEquals(Optional.empty(), RegistrableDomain.of("not a url"));
    assertEquals(Optional.empty(), RegistrableDomain.of("ftp://example.com/file"));
    assertEquals(Optional.empty(), RegistrableDomain.of("http://192.168.1.7/img.png"));
    assertEquals(Optional.empty(), RegistrableDomain.of("http://co.uk/"));
    assertEquals(Optional.empty(), RegistrableDomain.of(""));
    assertEquals(Optional.empty(), RegistrableDomain.of(null));
  }

  @Test
  void internationalisedDomainsArePunycoded() {
    assertEquals(Optional.of("xn--bcher-kva.de"), RegistrableDomain.of("https://www.bücher.de/"));
  }
}
