package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camelot.client.Main;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code bench sweep} against real Camelot servers: a report that parses, with one line per model in each chart. */
class SweepReportTest {

    private static final String SVG = "http://www.w3.org/2000/svg";

    @TempDir
    Path dir;

    @Test
    void writesAReportWithOneSeriesPerModelAndACsvRowPerStep() throws Exception {
        List<String> models = List.of("sequential", "thread-pool:4", "virtual-threads", "event-loop");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (RunningServer peer = RunningServer.start(dir.resolve("peer"), """
                listeners:
                  launcelot:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                """)) {
            code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("bench",
                    "sweep", "--models", String.join(",", models), "--concurrency", "1,3", "--duration", "700ms",
                    "--warmup", "100ms", "--server-warmup", "0s", "--workload", "launcelot", "--out", dir.toString(),
                    "--peer", "already-running=127.0.0.1:" + peer.port("launcelot"));
        }
        assertEquals(0, code, out + "\n" + err);
        List<String> series = new ArrayList<>(models);
        series.add("already-running");

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document html = f.newDocumentBuilder().parse(dir.resolve("sweep.html").toFile());
        NodeList charts = html.getElementsByTagNameNS(SVG, "svg");
        assertEquals(2, charts.getLength());
        for (int i = 0; i < charts.getLength(); i++) {
            Element chart = (Element) charts.item(i);
            List<String> drawn = new ArrayList<>();
            NodeList groups = chart.getElementsByTagNameNS(SVG, "g");
            for (int g = 0; g < groups.getLength(); g++) {
                Element e = (Element) groups.item(g);
                if (e.getAttribute("class").equals("series")) {
                    drawn.add(e.getAttribute("data-model"));
                    assertEquals(2, e.getElementsByTagNameNS(SVG, "circle").getLength());
                }
            }
            assertEquals(series, drawn, chart.getAttribute("id"));
        }
        assertEquals(0, html.getElementsByTagName("script").getLength());
        String command = "camelot-client bench sweep --models " + String.join(",", models) + " --concurrency 1,3"
                + " --duration 700ms --warmup 100ms --server-warmup 0s --workload launcelot --out " + dir
                + " --peer already-running=127.0.0.1:";
        NodeList facts = html.getElementsByTagName("dd");
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < facts.getLength(); i++) {
            if (facts.item(i).getTextContent().contains("bench sweep")) {
                commands.add(facts.item(i).getTextContent());
            }
        }
        assertEquals(1, commands.size(), String.valueOf(commands));
        assertTrue(commands.get(0).startsWith(command), "the command line as typed, once: " + commands.get(0));
        assertTrue(!Files.readString(dir.resolve("sweep.html")).contains("http://fonts"));

        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertEquals(1 + series.size() * 2, csv.size());
        assertTrue(csv.get(0).endsWith(",server_cpu_pct,generator_cpu_pct,other_cpu_pct"), csv.get(0));
        for (String row : csv.subList(1, csv.size())) {
            String[] cells = row.split(",");
            assertTrue(Double.parseDouble(cells[2]) > 0, row);
            assertEquals("0", cells[9], row);
            if (!cells[0].equals("already-running")) {
                // The server started for the model is known, and it worked during the step.
                assertTrue(Double.parseDouble(cells[11]) > 0, row);
            }
        }
    }
}
