package dev.spindle.rm.web;

import dev.spindle.rm.core.FrameworkSnapshot;
import dev.spindle.rm.core.OfferSnapshot;
import dev.spindle.rm.core.OfferViews;
import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;

/**
 * Offer mode under /ws/v1/cluster: {@code /frameworks} (registered frameworks with their
 * shares, guarantees and filters) and {@code /offers} (outstanding offers), limited to the
 * applications the caller may view. Spindle's own resources: stock has no offer mode.
 */
final class OffersResource {

  private OffersResource() {}

  static Object frameworks(HttpServletRequest req) throws WebError {
    List<Object> out = new ArrayList<>();
    for (FrameworkSnapshot f : views(req).frameworks()) {
      out.add(framework(f));
    }
    return AppJson.list("frameworks", "framework", out);
  }

  static Object offers(HttpServletRequest req) throws WebError {
    List<Object> out = new ArrayList<>();
    for (OfferSnapshot o : views(req).offers()) {
      out.add(offer(o));
    }
    return AppJson.list("offers", "offer", out);
  }

  static OfferViews views(HttpServletRequest req) throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    String user = Web.caller(req);
    return Web.asCaller(req, () -> rm.offerViews(user));
  }

  static Map<String, Object> framework(FrameworkSnapshot f) {
    Map<String, Object> m = Web.obj();
    m.put("id", f.attempt().getApplicationId().toString());
    m.put("attemptId", f.attempt().toString());
    m.put("name", f.name());
    m.put("user", f.user());
    m.put("queue", f.queue());
    m.put("suppressed", f.suppressed());
    m.put("filters", f.filters());
    m.put("outstandingOffers", f.offers());
    m.put("offered", resource(f.offered()));
    m.put("used", resource(f.used()));
    m.put("dominantShare", f.dominantShare());
    m.put("guarantee", resource(f.guarantee()));
    m.put("runningTasks", f.tasks());
    List<String> capabilities = new ArrayList<>();
    if (f.revocable()) {
      capabilities.add("REVOCABLE_RESOURCES");
    }
    if (f.inverseOffers()) {
      capabilities.add("INVERSE_OFFERS");
    }
    m.put("capabilities", capabilities);
    return m;
  }

  static Map<String, Object> offer(OfferSnapshot o) {
    Map<String, Object> m = Web.obj();
    m.put("id", o.offerId());
    m.put("frameworkId", o.attempt().getApplicationId().toString());
    m.put("attemptId", o.attempt().toString());
    m.put("nodeId", o.nodeId().toString());
    m.put("resources", resource(o.resource()));
    m.put("offeredTime", o.madeAt());
    m.put("expiryTime", o.expiresAt());
    return m;
  }

  /** Stock's ResourceInfo field names (memory, vCores). */
  static Map<String, Object> resource(ResourceVector v) {
    Map<String, Object> m = Web.obj();
    m.put("memory", v.memoryMb());
    m.put("vCores", v.vcores());
    return m;
  }
}
