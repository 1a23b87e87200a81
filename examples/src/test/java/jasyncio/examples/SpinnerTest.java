package jasyncio.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpinnerTest {
    private static String output;

    /** One run for all tests: the slow function takes 0.5 s, about five frames at the spinner's 0.1 s period. */
    @BeforeAll
    static void runSpinner() {
        output = ConsoleCapture.stdoutOf(() -> Spinner.main(new String[] {"0.5"}));
    }

    @Test
    void printsTheSpinnerTaskAsAsyncioWould() {
        // The task has not started yet when it is printed, so it is pending at the start of spin().
        Pattern shape = Pattern.compile("spinner object: <Task pending name='Task-\\d+' "
                + "coro=<Spinner\\.spin\\(\\) running at Spinner\\.java:\\d+>>\\R");
        assertTrue(shape.matcher(output).lookingAt(), "first line was: " + output.lines().findFirst().orElse(""));
    }

    @Test
    void animatesSeveralFramesInTurnWhileTheSlowFunctionRuns() {
        Matcher frame = Pattern.compile("([|/\\-\\\\]) thinking!\r").matcher(output);
        String expected = "|/-\\";
        int frames = 0;
        while (frame.find()) {
            assertEquals(expected.charAt(frames % 4), frame.group(1).charAt(0), "frame " + frames);
            frames++;
        }
        assertTrue(frames >= 3, "only " + frames + " frames in: " + output);
    }

    @Test
    void erasesTheSpinnerThenPrintsTheAnswer() {
        String eraser = " ".repeat("thinking!".length() + 2) + "\r";
        assertTrue(output.endsWith(eraser + "Answer: 42" + System.lineSeparator()), output);
    }
}
