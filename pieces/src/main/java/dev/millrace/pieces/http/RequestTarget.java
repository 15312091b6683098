package dev.millrace.pieces.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.PercentEncoding;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The URL a request goes to: the flow's URL plus its query inputs, plus any secret query parameter
 * (an API key). {@link #display} leaves secrets and user info out, so it is what logs and error
 * messages show.
 */
final class RequestTarget {
  private final String base;
  private final List<Map.Entry<String, String>> params = new ArrayList<>();
  private final List<Map.Entry<String, String>> secretParams = new ArrayList<>();

  private RequestTarget(String base) {
    this.base = base;
  }

  /**
   * Checks the URL and reads the query object.
   *
   * @throws PieceException (permanent) for a URL that is not absolute http(s), or a query value
   *     that is an object
   */
  static RequestTarget of(String url, JsonNode query) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw PieceException.permanent("url \"" + url + "\" is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw PieceException.permanent(
          "url \"" + url + "\" must be an absolute http:// or https:// URL");
    }
    if (uri.getHost() == null) {
      throw PieceException.permanent("url \"" + url + "\" has no host name");
    }
    var target = new RequestTarget(url.strip());
    if (query != null && query.isObject()) {
      for (var field : query.properties()) {
        addParam(target.params, field.getKey(), field.getValue());
      }
    }
    return target;
  }

  private static void addParam(List<Map.Entry<String, String>> to, String name, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (item.isContainerNode()) {
          throw PieceException.permanent(
              "query \"" + name + "\" may hold a list of plain values, not of lists or objects");
        }
        addParam(to, name, item);
      }
    } else if (value.isObject()) {
      throw PieceException.permanent(
          "query \"" + name + "\" must be a string, number, boolean or list, not an object");
    } else {
      to.add(Map.entry(name, value.asText()));
    }
  }

  /** Adds a parameter that must never show up in logs or messages. */
  void addSecretParam(String name, String value) {
    secretParams.add(Map.entry(name, value));
  }

  /** The URL to send to. */
  String url() {
    var all = new ArrayList<>(params);
    all.addAll(secretParams);
    return join(all);
  }

  /** The URL without secret parameters or user info, for logs and messages. */
  String display() {
    String shown = join(params);
    return shown.replaceFirst("^(?i)(https?://)[^/@?#]*@", "$1");
  }

  private String join(List<Map.Entry<String, String>> extra) {
    if (extra.isEmpty()) {
      return base;
    }
    String fragment = "";
    String head = base;
    int hash = head.indexOf('#');
    if (hash >= 0) {
      fragment = head.substring(hash);
      head = head.substring(0, hash);
    }
    var out = new StringBuilder(head);
    char sep = head.contains("?") ? '&' : '?';
    if (head.endsWith("?") || head.endsWith("&")) {
      sep = 0;
    }
    for (var param : extra) {
      if (sep != 0) {
        out.append(sep);
      }
      out.append(PercentEncoding.encode(param.getKey()))
          .append('=')
          .append(PercentEncoding.encode(param.getValue()));
      sep = '&';
    }
    return out.append(fragment).toString();
  }
}
