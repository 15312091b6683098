package dev.millrace.queue.internal;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 strings for keys and values, like Lettuce's {@code StringCodec.UTF8}, but with an exact
 * size. Lettuce writes an argument whose size the codec knows exactly straight into the outgoing
 * buffer; for any other it encodes into a temporary buffer first and copies, which on a finish call
 * (12 keys, 20 arguments) was most of the worker's CPU. Lettuce asks for the size and then for the
 * bytes of the same string on the same thread, so the size is taken from the encoded bytes, which
 * are kept for the write that follows ({@code String.getBytes} copies a Latin-1 string in bulk;
 * netty's {@code writeUtf8} into a direct buffer goes char by char).
 */
public final class Utf8Codec
    implements RedisCodec<String, String>, ToByteBufEncoder<String, String> {
  public static final Utf8Codec INSTANCE = new Utf8Codec();

  private Utf8Codec() {}

  @Override
  public String decodeKey(ByteBuffer bytes) {
    return decode(bytes);
  }

  @Override
  public String decodeValue(ByteBuffer bytes) {
    return decode(bytes);
  }

  @Override
  public ByteBuffer encodeKey(String key) {
    return encode(key);
  }

  @Override
  public ByteBuffer encodeValue(String value) {
    return encode(value);
  }

  @Override
  public void encodeKey(String key, ByteBuf target) {
    write(key, target);
  }

  @Override
  public void encodeValue(String value, ByteBuf target) {
    write(value, target);
  }

  @Override
  public int estimateSize(Object keyOrValue) {
    if (!(keyOrValue instanceof String s)) {
      return 0;
    }
    Encoded last = LAST.get();
    last.text = s;
    last.bytes = s.getBytes(StandardCharsets.UTF_8);
    return last.bytes.length;
  }

  /** The string last sized on this thread, and its bytes. */
  private static final class Encoded {
    String text;
    byte[] bytes;
  }

  private static final ThreadLocal<Encoded> LAST = ThreadLocal.withInitial(Encoded::new);

  @Override
  public boolean isEstimateExact() {
    return true;
  }

  private static void write(String s, ByteBuf target) {
    if (s == null) {
      return;
    }
    Encoded last = LAST.get();
    if (last.text == s) {
      target.writeBytes(last.bytes);
      last.text = null;
      last.bytes = null;
    } else {
      target.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static ByteBuffer encode(String s) {
    return ByteBuffer.wrap(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(ByteBuffer bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.hasArray()) {
      return new String(
          bytes.array(),
          bytes.arrayOffset() + bytes.position(),
          bytes.remaining(),
          StandardCharsets.UTF_8);
    }
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return new String(copy, StandardCharsets.UTF_8);
  }
}
