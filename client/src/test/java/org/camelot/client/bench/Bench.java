package org.camelot.client.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camelot.client.Main;

/** Runs {@code bench ...} as the command line does, with the result read back from its {@code --json} file. */
record Bench(int exitCode, String out, String err, JsonNode result) {

    static Bench run(Path dir, String... args) throws Exception {
        Path json = dir.resolve("result-" + System.nanoTime() + ".json");
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("--json", json.toString()));
        if (!all.contains("--progress")) {
            all.addAll(List.of("--progress", "never"));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        JsonNode result = json.toFile().exists() ? new ObjectMapper().readTree(json.toFile()) : null;
        return new Bench(code, out.toString(), err.toString(), result);
    }

    long ok() {
        return result.get("ok").asLong();
    }

    long errors(String kind) {
        JsonNode n = result.get("errors").get(kind);
        return n == null ? 0 : n.asLong();
    }
}
