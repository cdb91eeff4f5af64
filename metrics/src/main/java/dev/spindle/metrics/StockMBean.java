package dev.spindle.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;

/**
 * A {@link StockGroup} as a read-only JMX bean, shaped as metrics2's beans are: a String
 * attribute {@code tag.<Tag>} per tag, then one attribute per metric, read live.
 */
final class StockMBean implements DynamicMBean {

  private final StockGroup group;
  private final MBeanInfo info;

  StockMBean(StockGroup group) {
    this.group = group;
    List<MBeanAttributeInfo> attrs = new ArrayList<>();
    for (String tag : group.tags().keySet()) {
      attrs.add(new MBeanAttributeInfo("tag." + tag, String.class.getName(), "Metrics context",
          true, false, false));
    }
    for (StockGroup.Attr a : group.attrs()) {
      String type = switch (a.type()) {
        case INT -> Integer.class.getName();
        case LONG -> Long.class.getName();
        case FLOAT -> Float.class.getName();
      };
      attrs.add(new MBeanAttributeInfo(a.name(), type, a.description(), true, false, false));
    }
    info = new MBeanInfo(StockMBean.class.getName(), group.record(),
        attrs.toArray(new MBeanAttributeInfo[0]), null, null, null);
  }

  @Override
  public Object getAttribute(String name) throws AttributeNotFoundException {
    if (name.startsWith("tag.")) {
      String v = group.tags().get(name.substring(4));
      if (v != null) {
        return v;
      }
    }
    StockGroup.Attr a = group.attr(name);
    if (a == null) {
      throw new AttributeNotFoundException(name);
    }
    return a.jmxValue();
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    AttributeList out = new AttributeList();
    for (String n : names) {
      try {
        out.add(new Attribute(n, getAttribute(n)));
      } catch (AttributeNotFoundException e) {
        // Left out, as the JMX contract allows.
      }
    }
    return out;
  }

  @Override
  public void setAttribute(Attribute attribute) {
    throw new UnsupportedOperationException("Metrics are read-only");
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String action, Object[] params, String[] signature) {
    throw new UnsupportedOperationException("No operations");
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    return info;
  }

  /** The group's tags, for tests. */
  Map<String, String> tags() {
    return group.tags();
  }
}
