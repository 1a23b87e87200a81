package jasyncio.tests.agent.plugin;

public class Cat extends Animal {
    @Override
    public String sound() {
        return "meow";
    }
}
