package dev.spindle.rm.web.ui;

import dev.spindle.rm.core.FrameworkSnapshot;
import dev.spindle.rm.core.OfferSnapshot;
import dev.spindle.rm.core.OfferViews;
import dev.spindle.rm.web.ActiveRm;
import java.util.List;

/**
 * /cluster/frameworks: offer mode at a glance, the registered frameworks (dominant share,
 * what they hold and are offered, their queue's guarantee, filters, suppression) and the
 * outstanding offers, of the applications the caller may view.
 */
final class FrameworksPage implements Page {

  @Override
  public String name() {
    return "frameworks";
  }

  @Override
  public String navLabel() {
    return "Frameworks";
  }

  @Override
  public Rendered render(UiRequest req, List<String> args) throws PageError {
    if (!args.isEmpty()) {
      throw PageError.notFound("No page at /cluster/frameworks/" + String.join("/", args));
    }
    ActiveRm rm = req.rm();
    String user = req.user();
    OfferViews views = req.asCaller(() -> rm.offerViews(user));
    StringBuilder b = new StringBuilder();
    b.append("<h2>Frameworks</h2><p id=\"framework-count\">").append(views.frameworks().size())
        .append(views.frameworks().size() == 1 ? " framework" : " frameworks")
        .append(" registered for offers.</p>");
    b.append(frameworks(views.frameworks()));
    b.append("<h2>Outstanding offers</h2><p id=\"offer-count\">").append(views.offers().size())
        .append(views.offers().size() == 1 ? " offer" : " offers").append(" outstanding.</p>");
    b.append(offers(views.offers()));
    return new Rendered("Offer frameworks", b.toString());
  }

  private static String frameworks(List<FrameworkSnapshot> frameworks) {
    Table t = new Table("frameworks").col("Application").col("Name").col("User").col("Queue")
        .num("Dominant share").num("Memory held").num("vCores held").num("Guarantee memory")
        .num("Offers").num("Offered memory").num("Filters").col("Offers state").num("Tasks")
        .whenEmpty("No framework is registered.");
    for (FrameworkSnapshot f : frameworks) {
      String app = f.attempt().getApplicationId().toString();
      t.row(app).link("/cluster/app/" + app, app).text(f.name()).text(f.user()).text(f.queue())
          .html(Html.bar(f.dominantShare(), -1, -1) + " " + Html.esc(Html.percent(
              f.dominantShare())), f.dominantShare())
          .sorted(Html.mb(f.used().memoryMb()), f.used().memoryMb())
          .sorted(f.used().vcores(), f.used().vcores())
          .sorted(Html.mb(f.guarantee().memoryMb()), f.guarantee().memoryMb())
          .sorted(f.offers(), f.offers())
          .sorted(Html.mb(f.offered().memoryMb()), f.offered().memoryMb())
          .sorted(f.filters(), f.filters())
          .text(f.suppressed() ? "suppressed" : "offered")
          .sorted(f.tasks(), f.tasks());
    }
    return t.render();
  }

  private static String offers(List<OfferSnapshot> offers) {
    Table t = new Table("offers").col("Offer").col("Framework").col("Node").num("Memory")
        .num("vCores").num("Offered").num("Rescinded at").whenEmpty("No offer is outstanding.");
    for (OfferSnapshot o : offers) {
      String app = o.attempt().getApplicationId().toString();
      t.row(o.offerId()).text(o.offerId()).link("/cluster/app/" + app, app)
          .text(o.nodeId())
          .sorted(Html.mb(o.resource().memoryMb()), o.resource().memoryMb())
          .sorted(o.resource().vcores(), o.resource().vcores())
          .sorted(Html.time(o.madeAt()), o.madeAt())
          .sorted(Html.time(o.expiresAt()), o.expiresAt());
    }
    return t.render();
  }
}
