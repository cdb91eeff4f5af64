package dev.spindle.rm.core;

import java.util.List;

/** The registered frameworks and the outstanding offers one caller may see (views). */
public record OfferViews(List<FrameworkSnapshot> frameworks, List<OfferSnapshot> offers) {}
