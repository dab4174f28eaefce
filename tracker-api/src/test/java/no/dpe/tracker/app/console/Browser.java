package no.dpe.tracker.app.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium driven by Selenium WebDriver: Debian's chromium and chromium-driver (paths from the system
 * properties {@code browser.chromium} and {@code browser.chromedriver}), never a downloaded one. Missing, it fails
 * the test with the command that installs it, rather than skipping it.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver",
            "/usr/bin/chromedriver"));
    /** How long to wait for a page or an update to show; patience, not a timing goal. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final WebDriver driver;
    private final String base;
    private final String language;

    private Browser(WebDriver driver, String base, String language) {
        this.driver = driver;
        this.base = base;
        this.language = language;
    }

    /** A new browser, with its own cookies, whose user prefers {@code language} ("en", "nb"). */
    static Browser open(int port, String language) {
        assertThat(CHROMIUM).as("Chromium for the browser tests (apt-get install chromium chromium-driver)")
                .isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver for the browser tests (apt-get install chromium-driver)")
                .isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        // the backgrounding switches: a headless renderer left idle between tests at times never answered the next
        // navigation ("Timed out receiving message from renderer"), while the server had answered at once
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows", "--window-size=1280,1100", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        options.setPageLoadTimeout(PATIENCE);
        options.setScriptTimeout(PATIENCE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options), "http://127.0.0.1:" + port, language);
    }

    /**
     * Opens the page. A renderer that does not answer the navigation at all (Chromium's own hang, seen three times in
     * CI over many runs, each time with the server's answer already sent) is given the same navigation once more;
     * a page that loads wrong still fails the test.
     */
    Browser go(String path) {
        try {
            driver.get(base + path);
        } catch (org.openqa.selenium.TimeoutException rendererHung) {
            if (rendererHung.getMessage() == null
                    || !rendererHung.getMessage().contains("Timed out receiving message from renderer")) {
                throw rendererHung;
            }
            driver.get(base + path);
        }
        return this;
    }

    /** Logs in with the console's form and lands where the console sends a user after it. */
    Browser login(String user, String password) {
        submitLogin(user, password);
        await(d -> !d.getCurrentUrl().contains("/console/login"), "leaves the login page");
        return this;
    }

    /** Fills in and sends the login form, whatever comes of it. */
    Browser submitLogin(String user, String password) {
        go("/console/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form.login button[type=submit]")).click();
        return this;
    }

    /** Types into whatever has the focus, as a keyboard does. */
    Browser type(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
        return this;
    }

    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    WebElement find(By by) {
        return await(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        }, "an element " + by);
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    String htmlLang() {
        return driver.findElement(By.tagName("html")).getAttribute("lang");
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Waits until the page's live stream is open: events from then on update it. */
    Browser awaitLiveStream() {
        await(d -> "open".equals(script("return document.documentElement.getAttribute('data-live-stream')")),
                "the live stream opens");
        return this;
    }

    <T> T await(ExpectedCondition<T> condition, String what) {
        return new WebDriverWait(driver, PATIENCE).withMessage(what + " (" + driver.getCurrentUrl() + ")")
                .until(condition);
    }

    /** Writes the page as it looks under target/console-screenshots, named with the browser's language. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + "-" + language + ".png");
            Files.write(file, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("Could not write a screenshot", e);
        }
    }

    /**
     * What a screen reader and a keyboard need of every page, checked in the rendered page: the language said,
     * one h1, every field with a label, every button and link with a name, no positive tab order.
     */
    void assertAccessible() {
        assertThat(htmlLang()).as("html lang").isIn("en", "nb");
        assertThat(all(By.tagName("h1"))).as("one h1").hasSize(1);
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) script("""
                var problems = [];
                document.querySelectorAll('input, select, textarea').forEach(function (field) {
                    if (field.type === 'hidden') { return; }
                    var labelled = (field.id && document.querySelector('label[for="' + field.id + '"]'))
                        || field.getAttribute('aria-label') || field.getAttribute('aria-labelledby');
                    if (!labelled) { problems.push('field without a label: ' + (field.name || field.outerHTML)); }
                });
                document.querySelectorAll('button, a[href]').forEach(function (control) {
                    var name = (control.getAttribute('aria-label') || control.textContent || '').trim();
                    if (!name) { problems.push('control without a name: ' + control.outerHTML); }
                });
                document.querySelectorAll('[tabindex]').forEach(function (element) {
                    if (parseInt(element.getAttribute('tabindex'), 10) > 0) {
                        problems.push('positive tabindex: ' + element.outerHTML);
                    }
                });
                return problems;
                """);
        assertThat(problems).as("accessibility of " + path()).isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
