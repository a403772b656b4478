package org.camelot.protocol.launcelot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuestionTableTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsAQuestionInsideALargerArray() {
        QuestionTable<String> t = new QuestionTable<>(List.of("What is your name?", "What is your quest?"),
                List.of("name", "quest"));
        byte[] stream = bytes("xxWhat is your quest?What is your name?");
        assertEquals("quest", t.find(stream, 2, 19));
        assertEquals("name", t.find(stream, 21, 18));
    }

    @Test
    void missesPrefixesSuffixesAndOtherCase() {
        QuestionTable<String> t = new QuestionTable<>(List.of("What is your name?"), List.of("name"));
        assertNull(t.find(bytes("What is your name"), 0, 17));
        assertNull(t.find(bytes(" What is your name?"), 0, 19));
        assertNull(t.find(bytes("what is your name?"), 0, 18));
        assertNull(t.find(new byte[0], 0, 0));
    }

    @Test
    void findsEveryEntryOfALargeTable() {
        List<String> questions = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        IntStream.range(0, 1000).forEach(i -> {
            questions.add("Question number " + i + "?");
            values.add(i);
        });
        QuestionTable<Integer> t = new QuestionTable<>(questions, values);
        for (int i = 0; i < 1000; i++) {
            byte[] q = bytes(questions.get(i));
            assertEquals(i, t.find(q, 0, q.length));
        }
        assertNull(t.find(bytes("Question number 1000?"), 0, 21));
    }

    @Test
    void refusesDuplicates() {
        assertThrows(IllegalArgumentException.class, () -> new QuestionTable<>(List.of("A?", "A?"), List.of(1, 2)));
    }
}
