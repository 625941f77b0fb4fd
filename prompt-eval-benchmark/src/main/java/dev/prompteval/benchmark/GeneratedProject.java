package dev.prompteval.benchmark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the project a team would have: a jar project (or a {@code pom} one, as a module that only holds prompts
 * would be) whose POM configures the prompt-eval plugin with one suite (candidate = the working-tree prompt,
 * baseline = the registry's prod version), a CSV of N rows whose {@code __expected} is an {@code equals} assertion,
 * and the same prompts, CSV and model as a promptfoo config. Without the plugin it is the same project with no
 * {@code <plugin>} (the floor for {@code promptEval.skip}).
 */
final class GeneratedProject {
    private static final String[] SYSTEM = {
        "You summarise orders for support agents in one sentence.",
        "You are a support agent. Summarise the order below in one friendly sentence, naming every item."
    };
    private static final String USER = "Order {{ order_id }} for {{ customer }}: {{ items }}";

    private GeneratedProject() {
    }

    static void write(Path dir, int rows, int concurrency, String baseUrl, boolean withPlugin, String answer,
                      String packaging) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), pom(concurrency, baseUrl, withPlugin, packaging));
        write(dir.resolve("src/main/prompts/summary.json"), prompt(SYSTEM[1], "jinja2"));
        write(dir.resolve("prompt-registry/bench/summary/versions/1.json"), prompt(SYSTEM[0], "jinja2"));
        write(dir.resolve("prompt-registry/bench/summary/labels.json"), "{\n  \"prod\": 1\n}\n");
        Path csv = dir.resolve("src/test/prompt-eval/summary.csv");
        Files.createDirectories(csv.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("__id,order_id,customer,items,__expected\n");
            String expected = csv("equals:" + answer);
            for (int i = 1; i <= rows; i++) {
                out.write("r" + i + ",A-" + (100_000 + i) + ",Customer " + (i % 997) + ","
                        + csv((1 + i % 4) + " packs of oolong tea, a cast-iron teapot") + "," + expected + "\n");
            }
        }
        for (int v = 0; v < 2; v++) {
            write(dir.resolve("promptfoo/v" + (v + 1) + ".json"), "[\n  {\"role\": \"system\", \"content\": "
                    + json(SYSTEM[1 - v]) + "},\n  {\"role\": \"user\", \"content\": " + json(USER) + "}\n]\n");
        }
        write(dir.resolve("promptfooconfig.yaml"), """
                description: whole-build benchmark (same CSV and model as the prompt-eval suite)
                prompts:
                  - file://promptfoo/v1.json
                  - file://promptfoo/v2.json
                providers:
                  - id: openai:chat:gpt-4o-mini
                    config:
                      apiBaseUrl: %s
                      temperature: 0
                      max_tokens: 200
                tests: file://src/test/prompt-eval/summary.csv
                """.formatted(baseUrl));
    }

    private static String pom(int concurrency, String baseUrl, boolean withPlugin, String packaging) {
        String plugin = !withPlugin ? "" : """
                      <plugin>
                        <groupId>dev.prompteval</groupId>
                        <artifactId>prompt-eval-maven-plugin</artifactId>
                        <version>0.1.0-SNAPSHOT</version>
                        <configuration>
                          <concurrency>%d</concurrency>
                          <cache>false</cache>
                          <suites>
                            <suite>
                              <name>summary</name>
                              <prompt>bench/summary</prompt>
                              <candidate>file:src/main/prompts/summary.json</candidate>
                              <baseline>label:prod</baseline>
                              <datasets>
                                <dataset>src/test/prompt-eval/summary.csv</dataset>
                              </datasets>
                              <baseUrl>%s</baseUrl>
                            </suite>
                          </suites>
                        </configuration>
                        <executions>
                          <execution>
                            <goals>
                              <goal>evaluate</goal>
                            </goals>
                          </execution>
                        </executions>
                      </plugin>
                """.formatted(concurrency, baseUrl);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.prompteval.benchmark</groupId>
                  <artifactId>whole-build</artifactId>
                  <version>1.0.0-SNAPSHOT</version>
                  <packaging>%s</packaging>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version></plugin>
                        <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                        <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                      </plugins>
                    </pluginManagement>
                    <plugins>
                %s    </plugins>
                  </build>
                </project>
                """.formatted(packaging, plugin);
    }

    /** The blueprint of version 0 (baseline) or 1 (candidate), as the generated project holds it. */
    static String prompt(int version) {
        return prompt(SYSTEM[version], "jinja2");
    }

    private static String prompt(String system, String format) {
        return """
                {
                  "commit_message": "whole-build benchmark prompt",
                  "prompt_template": {
                    "type": "chat",
                    "messages": [
                      {"role": "system", "content": [{"type": "text", "text": %s}], "template_format": "%s"},
                      {"role": "user", "content": [{"type": "text", "text": %s}], "template_format": "%s"}
                    ],
                    "input_variables": ["order_id", "customer", "items"]
                  },
                  "metadata": {
                    "model": {"provider": "openai", "name": "gpt-4o-mini",
                              "parameters": {"temperature": 0, "max_tokens": 200}}
                  }
                }
                """.formatted(json(system), format, json(USER), format);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String csv(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
