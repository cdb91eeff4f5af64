package dev.spindle.rm.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.LogAggregationContext;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.ReservationId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * The JSON body of POST /ws/v1/cluster/apps (stock ApplicationSubmissionContextInfo, unwrapped)
 * turned into an ApplicationSubmissionContext with stock's defaults and checks
 * (RMWebAppUtil#createAppSubmissionContext). Maps are read in the JAXB form
 * {"entry":[{"key","value"}]} stock clients send, or as plain JSON objects.
 */
final class SubmissionJson {

  private SubmissionJson() {}

  static ApplicationSubmissionContext parse(byte[] raw, Configuration conf) throws WebError {
    JsonNode n;
    try {
      n = Web.JSON.readTree(raw);
    } catch (IOException e) {
      throw WebError.badRequest("Could not parse the request body: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw WebError.badRequest("Could not parse the request body: not a JSON object");
    }
    if (n.has("application-submission-context") && !n.has("application-id")) {
      n = n.get("application-submission-context");
    }
    String idText = text(n, "application-id", "");
    ApplicationId id;
    try {
      id = ApplicationId.fromString(idText);
    } catch (RuntimeException e) {
      throw WebError.badRequest("Could not parse application id " + idText);
    }
    try {
      return context(n, id, conf);
    } catch (IllegalArgumentException | IOException e) {
      throw WebError.badRequest(e.getMessage());
    }
  }

  private static ApplicationSubmissionContext context(JsonNode n, ApplicationId id,
      Configuration conf) throws WebError, IOException {
    ApplicationSubmissionContext ctx = ApplicationSubmissionContext.newInstance(id,
        text(n, "application-name", ""), text(n, "queue", null),
        Priority.newInstance(n.path("priority").asInt(Priority.UNDEFINED.getPriority())),
        launchContext(n.path("am-container-spec")), n.path("unmanaged-AM").asBoolean(false),
        n.path("cancel-tokens-when-complete").asBoolean(true),
        n.path("max-app-attempts").asInt(0), resource(n.path("resource"), conf),
        text(n, "application-type", ""),
        n.path("keep-containers-across-application-attempts").asBoolean(false),
        text(n, "app-node-label-expression", ""),
        text(n, "am-container-node-label-expression", ""));
    ctx.setApplicationTags(new LinkedHashSet<>(strings(n.path("application-tags").path("tag"))));
    ctx.setAttemptFailuresValidityInterval(
        n.path("attempt-failures-validity-interval").asLong(-1));
    JsonNode log = n.path("log-aggregation-context");
    if (log.isObject()) {
      ctx.setLogAggregationContext(LogAggregationContext.newInstance(
          text(log, "log-include-pattern", null), text(log, "log-exclude-pattern", null),
          text(log, "rolled-log-include-pattern", null),
          text(log, "rolled-log-exclude-pattern", null),
          text(log, "log-aggregation-policy-class-name", null),
          text(log, "log-aggregation-policy-parameters", null)));
    }
    String reservation = text(n, "reservation-id", "");
    if (!reservation.isEmpty()) {
      ctx.setReservationID(ReservationId.parseReservationId(reservation));
    }
    return ctx;
  }

  /**
   * The AM resource. Stock checks it against the configured maximum allocation before the
   * submission reaches the scheduler, with its own wording.
   */
  private static Resource resource(JsonNode r, Configuration conf) throws WebError {
    long memory = r.path("memory").asLong(0);
    int vcores = r.path("vCores").asInt(0);
    if (vcores > conf.getInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES)) {
      throw WebError.badRequest("Requested more cores than configured max");
    }
    if (memory > conf.getInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_MAXIMUM_ALLOCATION_MB)) {
      throw WebError.badRequest("Requested more memory than configured max");
    }
    Resource resource = Resource.newInstance(memory, vcores);
    addOtherTypes(r.path("resourceInformations").path("resourceInformation"), resource);
    return resource;
  }

  /**
   * Further resource types (yarn.io/gpu) given in the ResourceInfo shape the RM itself
   * writes. Stock reads memory and vCores only and drops the rest; here they are kept, and a
   * type the cluster does not declare is a bad request rather than silently nothing.
   */
  private static void addOtherTypes(JsonNode infos, Resource resource) throws WebError {
    List<JsonNode> entries = new ArrayList<>();
    if (infos.isArray()) {
      infos.forEach(entries::add);
    } else if (infos.isObject()) {
      entries.add(infos);
    }
    for (JsonNode ri : entries) {
      String name = ri.path("name").asText("");
      if (name.equals(ResourceInformation.MEMORY_URI)
          || name.equals(ResourceInformation.VCORES_URI)) {
        continue;
      }
      if (!ResourceUtils.getResourceTypeIndex().containsKey(name)) {
        throw WebError.badRequest("Unknown resource type '" + name + "'; this cluster has "
            + ResourceUtils.getResourceTypeIndex().keySet());
      }
      long value = ri.path("value").asLong(0);
      if (value < 0) {
        throw WebError.badRequest("Negative amount of resource type '" + name + "'");
      }
      resource.setResourceValue(name, value);
    }
  }

  private static ContainerLaunchContext launchContext(JsonNode c) throws WebError, IOException {
    Map<String, ByteBuffer> serviceData = new HashMap<>();
    for (Map.Entry<String, String> e : map(c.path("service-data")).entrySet()) {
      if (!e.getValue().isEmpty()) {
        serviceData.put(e.getKey(), ByteBuffer.wrap(base64(e.getValue())));
      }
    }
    Map<String, LocalResource> resources = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(c.path("local-resources")).entrySet()) {
      resources.put(e.getKey(), localResource(e.getValue()));
    }
    Map<ApplicationAccessType, String> acls = new HashMap<>();
    for (Map.Entry<String, String> e : map(c.path("application-acls")).entrySet()) {
      acls.put(ApplicationAccessType.valueOf(e.getKey()), e.getValue());
    }
    // Stock always sends a token storage, empty when no credentials are given.
    DataOutputBuffer out = new DataOutputBuffer();
    credentials(c.path("credentials")).writeTokenStorageToStream(out);
    ByteBuffer tokens = ByteBuffer.wrap(out.getData(), 0, out.getLength());
    return ContainerLaunchContext.newInstance(resources, map(c.path("environment")),
        strings(c.path("commands").path("command")), serviceData, tokens, acls);
  }

  private static LocalResource localResource(JsonNode v) throws WebError {
    try {
      long size = v.path("size").asLong(0);
      if (size <= 0) {
        throw WebError.badRequest("size must be greater than 0");
      }
      return LocalResource.newInstance(URL.fromURI(new URI(text(v, "resource", ""))),
          LocalResourceType.valueOf(text(v, "type", "")),
          LocalResourceVisibility.valueOf(text(v, "visibility", "")), size,
          v.path("timestamp").asLong(0));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw WebError.badRequest("Bad local resource: " + e.getMessage());
    }
  }

  /** Tokens are Token#encodeToUrlString text, secrets URL-safe base64 (stock CredentialsInfo). */
  private static Credentials credentials(JsonNode c) throws WebError {
    Credentials out = new Credentials();
    try {
      for (Map.Entry<String, String> e : map(c.path("tokens")).entrySet()) {
        Token<TokenIdentifier> token = new Token<>();
        token.decodeFromUrlString(e.getValue());
        out.addToken(new Text(e.getKey()), token);
      }
      for (Map.Entry<String, String> e : map(c.path("secrets")).entrySet()) {
        out.addSecretKey(new Text(e.getKey()), base64(e.getValue()));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw WebError.badRequest(
          "Could not parse credentials data; exception message = " + e.getMessage());
    }
    return out;
  }

  /** Decodes either base64 alphabet, padded or not, as commons-codec's URL-safe decoder does. */
  static byte[] base64(String text) {
    String s = text.replaceAll("\\s", "").replace('+', '-').replace('/', '_').replace("=", "");
    return java.util.Base64.getUrlDecoder().decode(s);
  }

  private static Map<String, JsonNode> entries(JsonNode m) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (m.has("entry")) {
      JsonNode e = m.get("entry");
      for (JsonNode one : e.isArray() ? e : List.of(e)) {
        out.put(one.path("key").asText(), one.path("value"));
      }
    } else if (m.isObject()) {
      m.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue()));
    }
    return out;
  }

  private static Map<String, String> map(JsonNode m) {
    Map<String, String> out = new HashMap<>();
    entries(m).forEach((k, v) -> out.put(k, v.isNull() ? "" : v.asText()));
    return out;
  }

  /** A JAXB list: one element may arrive as a bare value rather than an array. */
  private static List<String> strings(JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(x -> out.add(x.asText()));
    } else if (!v.isMissingNode() && !v.isNull()) {
      out.add(v.asText());
    }
    return out;
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }
}
