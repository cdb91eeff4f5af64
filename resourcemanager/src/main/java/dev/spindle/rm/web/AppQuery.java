package dev.spindle.rm.web;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationsRequest;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/** The /ws/v1/cluster/apps query parameters as a client-protocol request (stock names). */
final class AppQuery {

  private AppQuery() {}

  static GetApplicationsRequest from(HttpServletRequest req) throws WebError {
    GetApplicationsRequest q = GetApplicationsRequest.newInstance();
    Set<String> stateNames = new LinkedHashSet<>();
    addAll(stateNames, AppsResource.commaList(req, "states"));
    addAll(stateNames, AppsResource.commaList(req, "state"));
    if (!stateNames.isEmpty()) {
      EnumSet<YarnApplicationState> states = AppsResource.states(stateNames);
      q.setApplicationStates(states);
    }
    Set<String> users = AppsResource.commaList(req, "user");
    if (users != null) {
      q.setUsers(users);
    }
    Set<String> queues = AppsResource.commaList(req, "queue");
    if (queues != null) {
      q.setQueues(queues);
    }
    Set<String> types = AppsResource.commaList(req, "applicationTypes");
    if (types != null) {
      q.setApplicationTypes(types);
    }
    Set<String> tags = AppsResource.commaList(req, "applicationTags");
    if (tags != null) {
      q.setApplicationTags(tags);
    }
    String name = req.getParameter("name");
    if (name != null && !name.isEmpty()) {
      q.setName(name);
    }
    String limit = req.getParameter("limit");
    if (limit != null && !limit.isEmpty()) {
      long n = number(limit, "limit");
      if (n <= 0) {
        throw WebError.badRequest("limit value must be greater then 0");
      }
      q.setLimit(n);
    }
    long[] started = range(req, "startedTimeBegin", "startedTimeEnd");
    if (started != null) {
      q.setStartRange(started[0], started[1]);
    }
    long[] finished = range(req, "finishedTimeBegin", "finishedTimeEnd");
    if (finished != null) {
      q.setFinishRange(finished[0], finished[1]);
    }
    return q;
  }

  /** The finalStatus filter (applied to the reports), or null for any. */
  static Set<FinalApplicationStatus> finalStatus(HttpServletRequest req) throws WebError {
    String v = req.getParameter("finalStatus");
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return EnumSet.of(FinalApplicationStatus.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw WebError.badRequest("Invalid final status " + v + " specified");
    }
  }

  private static long[] range(HttpServletRequest req, String beginName, String endName)
      throws WebError {
    String b = req.getParameter(beginName);
    String e = req.getParameter(endName);
    if ((b == null || b.isEmpty()) && (e == null || e.isEmpty())) {
      return null;
    }
    long begin = b == null || b.isEmpty() ? 0 : number(b, beginName);
    long end = e == null || e.isEmpty() ? Long.MAX_VALUE : number(e, endName);
    if (begin < 0) {
      throw WebError.badRequest(beginName + " must be greater than 0");
    }
    if (end < 0) {
      throw WebError.badRequest(endName + " must be greater than 0");
    }
    if (begin > end) {
      throw WebError.badRequest(endName + " must be greater than " + beginName);
    }
    return new long[] {begin, end};
  }

  private static long number(String v, String name) throws WebError {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw WebError.badRequest("java.lang.NumberFormatException: For input string: \"" + v
          + "\" (" + name + ")");
    }
  }

  private static void addAll(Set<String> into, Set<String> values) {
    if (values != null) {
      into.addAll(values);
    }
  }
}
