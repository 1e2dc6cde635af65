package io.strata.api.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of a data-driven fixture file, in the style of cockroachdb/pebble's datadriven tests:
 *
 * <pre>
 * # what the case shows (the case's name; '#' lines between cases are comments)
 * command arg arg key=value      a command, its arguments and strategy options
 * L0: 1:[a.1-b.1]                the tree, as the test's own tree parser reads it
 * ----
 * expected output                up to a blank line or the end of the file
 * </pre>
 */
public record FixtureCase(String name, int lineNumber, String command, List<String> args,
    Map<String, String> options, List<String> tree, String expected) {

  /** The cases of the class-path resource {@code resource}, next to class {@code anchor}. */
  public static List<FixtureCase> read(Class<?> anchor, String resource) {
    InputStream in = anchor.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + resource);
    }
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return parse(r.lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<FixtureCase> parse(List<String> lines) {
    List<FixtureCase> cases = new ArrayList<>();
    String name = "";
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        i++;
        continue;
      }
      if (line.startsWith("#")) {
        name = line.substring(1).strip();
        i++;
        continue;
      }
      int start = i + 1;
      List<String> args = new ArrayList<>();
      Map<String, String> options = new LinkedHashMap<>();
      String[] tokens = line.split("\\s+");
      for (int t = 1; t < tokens.length; t++) {
        int eq = tokens[t].indexOf('=');
        if (eq < 0) {
          args.add(tokens[t]);
        } else {
          options.put(tokens[t].substring(0, eq), tokens[t].substring(eq + 1));
        }
      }
      i++;
      List<String> tree = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).strip().equals("----")) {
        tree.add(lines.get(i));
        i++;
      }
      if (i == lines.size()) {
        throw new IllegalArgumentException("line " + start + ": no ---- after the command");
      }
      i++;
      List<String> expected = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).isBlank()) {
        expected.add(lines.get(i).strip());
        i++;
      }
      cases.add(new FixtureCase(name, start, tokens[0], List.copyOf(args), Map.copyOf(options),
          List.copyOf(tree), String.join("\n", expected)));
    }
    return cases;
  }

  @Override
  public String toString() {
    return "line " + lineNumber + ": " + name;
  }
}
