package jasyncio.tests.agent.plugin;

/** Plugin code: {@link Dog} and {@link Cat} merge to it in {@link Shelter}'s methods. */
public class Animal {
    public String sound() {
        return "...";
    }
}
