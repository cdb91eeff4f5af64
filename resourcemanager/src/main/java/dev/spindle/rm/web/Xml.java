package dev.spindle.rm.web;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The REST bodies as XML, for Accept: application/xml (stock JAXB): each map entry is an
 * element, a list repeats its element, the one unwrapped body (app state) gets its stock root
 * "appstate".
 */
final class Xml {

  private Xml() {}

  static String render(Map<?, ?> body) {
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    if (body.size() == 1 && body.values().iterator().next() instanceof Map<?, ?>) {
      entries(out, body);
    } else {
      element(out, "appstate", body);
    }
    return out.toString();
  }

  private static void entries(StringBuilder out, Map<?, ?> map) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getValue() instanceof List<?> list) {
        for (Object item : list) {
          element(out, String.valueOf(e.getKey()), item);
        }
      } else if (e.getValue() != null) {
        element(out, String.valueOf(e.getKey()), e.getValue());
      }
    }
  }

  private static void element(StringBuilder out, String name, Object value) {
    out.append('<').append(name).append('>');
    if (value instanceof Map<?, ?> map) {
      entries(out, map);
    } else {
      out.append(Web.html(value));
    }
    out.append("</").append(name).append('>');
  }

  /** The text of the first element with this name in an XML request body, or null. */
  static String text(byte[] xml, String name) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setExpandEntityReferences(false);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    NodeList nodes = doc.getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
  }
}
