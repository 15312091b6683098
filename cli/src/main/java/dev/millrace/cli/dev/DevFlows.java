package dev.millrace.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.FlowReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads {@code flows/*.json} into the app at dev start, through its REST API as a user would: a
 * flow whose name already exists gets a new version instead of a second flow.
 */
public final class DevFlows {
  private DevFlows() {}

  /** Creates a flow per file; returns one line per loaded flow with its webhook URL. */
  public static List<String> load(Path folder, String baseUrl, String apiKey, PrintWriter err) {
    var lines = new ArrayList<String>();
    if (!Files.isDirectory(folder)) {
      return lines;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      err.println("cannot list " + folder + ": " + e.getMessage());
      return lines;
    }
    HttpClient http = HttpClient.newHttpClient();
    for (Path file : files) {
      try {
        ObjectNode body = FlowReader.JSON.createObjectNode();
        body.set("definition", FlowReader.JSON.readTree(Files.readString(file)));
        HttpResponse<String> reply =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v1/flows"))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = FlowReader.JSON.readTree(reply.body());
        if (reply.statusCode() == 201) {
          lines.add(
              "flow " + file.getFileName() + ": webhook " + answer.path("webhookUrl").asText());
        } else {
          err.println(file + ": not loaded (" + reply.statusCode() + "): " + answer);
        }
      } catch (IOException e) {
        err.println(file + ": not loaded: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return lines;
      }
    }
    return lines;
  }

  private static String existingId(HttpClient http, String baseUrl, String apiKey, String name)
      throws IOException, InterruptedException {
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/v1/flows"))
                .header("Authorization", "Bearer " + apiKey)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    for (JsonNode flow : FlowReader.JSON.readTree(reply.body()).path("flows")) {
      if (flow.path("name").asText().equals(name)) {
        return flow.path("id").asText();
      }
    }
    return null;
  }
}
