package dev.millrace.pieces.hash;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.piece.PieceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HashPieceTest {
  private final HashPiece piece = new HashPiece();

  private String hash(String action, String inputs) {
    return run(piece, action, inputs).asText();
  }

  @Test
  void digestsOfAbcMatchTheStandardVectors() {
    assertThat(hash("md5", "{text: 'abc'}")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    assertThat(hash("sha1", "{text: 'abc'}")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    assertThat(hash("sha256", "{text: 'abc'}"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hash("sha512", "{text: 'abc'}"))
        .isEqualTo(
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  }

  @Test
  void digestOfEmptyTextAndBase64Output() {
    assertThat(hash("sha256", "{text: ''}"))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(hash("md5", "{text: 'abc', encoding: 'base64'}"))
        .isEqualTo("kAFQmDzST7DWlj99KOF/cg==");
  }

  @Test
  void digestsHashUtf8Bytes() throws Exception {
    byte[] utf8 = MessageDigest.getInstance("SHA-256").digest("é".getBytes(StandardCharsets.UTF_8));

    assertThat(hash("sha256", "{text: 'é'}")).isEqualTo(HexFormat.of().formatHex(utf8));
  }

  @Test
  void hmacMatchesRfc4231TestCase2() {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(hash("hmac", "{key: 'Jefe', message: 'what do ya want for nothing?'}"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(
            hash(
                "hmac",
                "{algorithm: 'sha512', key: 'Jefe', message: 'what do ya want for nothing?'}"))
        .isEqualTo(
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
  }

  @Test
  void hmacTakesHexAndBase64KeysAndOtherAlgorithms() {
    String hexKey = "4a656665"; // "Jefe"
    String base64Key = "SmVmZQ==";
    String expected = hash("hmac", "{key: 'Jefe', message: 'm', algorithm: 'sha1'}");

    assertThat(
            hash(
                "hmac",
                "{key: '" + hexKey + "', keyEncoding: 'hex', message: 'm', algorithm: 'sha1'}"))
        .isEqualTo(expected);
    assertThat(
            hash(
                "hmac",
                "{key: '"
                    + base64Key
                    + "', keyEncoding: 'base64', message: 'm', algorithm: 'sha1'}"))
        .isEqualTo(expected);
    assertThat(hash("hmac", "{key: 'k', message: 'm', algorithm: 'md5'}")).hasSize(32);
    assertThat(hash("hmac", "{key: 'k', message: 'm', encoding: 'base64'}")).endsWith("=");
  }

  @Test
  void hmacRefusesBadKeysWithoutQuotingThem() {
    PieceException e =
        failure(piece, "hmac", "{key: 'zz-secret-zz', keyEncoding: 'hex', message: 'm'}");

    assertThat(e.isPermanent()).isTrue();
    assertThat(e.getMessage()).isEqualTo("key is not valid hex").doesNotContain("secret");
  }
}
