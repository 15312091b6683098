package dev.millrace.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.queue.TestRedis;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec's size must be exact: Lettuce writes it as the RESP length before the bytes. */
class Utf8CodecTest {
  private final Utf8Codec codec = Utf8Codec.INSTANCE;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "bull:q:wait",
        "{\"name\":\"héllo wörld\"}",
        "€ 3-byte and 𝄞 4-byte",
        "lone \uD800 high and \uDC00 low surrogates",
        "\uDBFF"
      })
  void theSizeIsTheNumberOfBytesWrittenAndTheTextComesBack(String text) {
    ByteBuf out = Unpooled.buffer();
    codec.encodeValue(text, out);

    assertThat(out.readableBytes()).isEqualTo(codec.estimateSize(text));
    String back = codec.decodeValue(out.nioBuffer());
    boolean wellFormed =
        text.equals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    assertThat(back.equals(text)).isEqualTo(wellFormed);
    assertThat(codec.encodeKey(text).remaining())
        .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "héllo €𝄞 ünïcode"})
  void aValueSurvivesRedis(String text) {
    var redis = TestRedis.client().connect(codec).sync();
    String key = "millrace-test:" + TestRedis.randomQueueName();
    try {
      redis.set(key, text);
      assertThat(redis.get(key)).isEqualTo(text);
      assertThat(TestRedis.redis().strlen(key))
          .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    } finally {
      redis.del(key);
      redis.getStatefulConnection().close();
    }
  }
}
