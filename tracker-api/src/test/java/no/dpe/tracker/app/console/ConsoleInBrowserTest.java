package no.dpe.tracker.app.console;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.transport.EmbeddedServiceBus;
import no.dpe.tracker.app.transport.OurQueue;
import no.dpe.tracker.app.transport.Tracker;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.gateway.WireMessage;
import no.dpe.tracker.projections.message.MessageIndex;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The support console in a real browser (headless Chromium, Selenium WebDriver) against the running tracker on its
 * embedded default: search, the stuck list, a timeline that updates as statuses arrive, a retry from the dead-letter
 * page, the role limits and both languages. Each page is photographed under target/console-screenshots.
 */
@Tag("browser")
class ConsoleInBrowserTest extends TrackerTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedServiceBus serviceBus;

    @Autowired
    MessageIndex index;

    @Test
    void support_finds_a_conversation_by_its_id_and_opens_it() {
        Sbd sbd = created(Examples.PUBLISERING_JOURNALPOST);
        String conversationId = sbd.conversationId().orElseThrow();
        try (Browser browser = Browser.open(port, "en").login(User.SUPPORT.username, User.SUPPORT.password)) {
            assertThat(browser.path()).isEqualTo("/console");
            browser.find(By.id("id")).sendKeys(conversationId);
            browser.find(By.cssSelector("form.search button[type=submit]")).click();
            WebElement link = browser.find(By.linkText(conversationId));
            assertThat(browser.text()).contains("1 conversation").contains("Waiting on our fagsystem");
            browser.assertAccessible();
            browser.screenshot("search");

            link.click();
            browser.find(By.cssSelector("ol.timeline li[data-kind=MessageCreated]"));
            assertThat(browser.find(By.tagName("h1")).getText()).contains(conversationId);
            assertThat(browser.text()).contains("Message created").contains("Our fagsystem");
            browser.assertAccessible();
        }
    }

    @Test
    void a_search_the_api_would_refuse_is_refused_in_words_beside_the_form() {
        try (Browser browser = Browser.open(port, "en").login(User.SUPPORT.username, User.SUPPORT.password)) {
            browser.find(By.id("organisation")).sendKeys("12");
            browser.find(By.cssSelector("form.search button[type=submit]")).click();
            WebElement problem = browser.find(By.cssSelector("[role=alert]"));
            assertThat(problem.getText()).contains("organisation").contains("nine digits");
            assertThat(browser.find(By.id("organisation")).getAttribute("value")).isEqualTo("12");
        }
    }

    @Test
    void the_stuck_list_says_who_must_act_the_longest_waiting_first() throws InterruptedException {
        Sbd older = created(Examples.PUBLISERING_JOURNALPOST);
        Sbd newer = created(Examples.PUBLISERING_MOTE);
        Thread.sleep(1_100);
        try (Browser browser = Browser.open(port, "en").login(User.AUDITOR.username, User.AUDITOR.password)) {
            browser.go("/console/stuck?stuckFor=PT1S");
            List<String> items = browser.all(By.cssSelector("ol.stuck > li")).stream().map(WebElement::getText)
                    .toList();
            int olderAt = indexOf(items, older.messageId().orElseThrow());
            int newerAt = indexOf(items, newer.messageId().orElseThrow());
            assertThat(olderAt).as("the older message is listed").isNotNegative();
            assertThat(newerAt).as("the newer one after it").isGreaterThan(olderAt);
            assertThat(items.get(olderAt)).contains("Waiting on our fagsystem, for")
                    .contains("our fagsystem has not sent it");
            browser.assertAccessible();
            browser.screenshot("stuck");
        }
    }

    @Test
    void a_conversation_page_follows_its_statuses_as_they_arrive_without_a_reload() {
        Sbd sbd = created(Examples.PUBLISERING_JOURNALPOST);
        String messageId = sbd.messageId().orElseThrow();
        http.put().uri("/api/messages/out/{id}?title=Vedtak", messageId).contentType(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue("{\"tittel\": \"Vedtak\"}").exchange().expectStatus().isOk();
        try (Browser browser = Browser.open(port, "en").login(User.SUPPORT.username, User.SUPPORT.password)) {
            browser.go("/console/conversations/" + sbd.conversationId().orElseThrow()).awaitLiveStream();
            assertThat(browser.all(By.cssSelector("li[data-kind=MessageStatusRecorded]"))).isEmpty();
            browser.script("window.notReloaded = true;");

            http.post().uri("/api/messages/out/{id}", messageId).exchange().expectStatus().isOk();

            browser.await(page -> page.findElements(By.cssSelector("li[data-kind=KvitteringRecorded]")).size() == 1
                    && page.getPageSource().contains("status-LEVERT"), "LEVERT and eInnsyn's kvittering show");
            assertThat(browser.script("return window.notReloaded === true")).as("updated in place").isEqualTo(true);
            assertThat(browser.find(By.id("live-status")).getText()).startsWith("Updated with new events at");
            assertThat(browser.text()).contains("eInnsyn published it").contains("The counterpart")
                    .contains("journalpost.json");
            browser.assertAccessible();
            browser.screenshot("conversation");
        }
    }

    @Test
    void an_administrator_puts_a_dead_letter_back_on_its_queue_from_the_dead_letter_page() {
        OurQueue queue = new OurQueue(serviceBus, as(User.ADMIN));
        Sbd publisering = fresh(Examples.PUBLISERING_JOURNALPOST);
        String messageId = publisering.messageId().orElseThrow();
        String conversationId = publisering.conversationId().orElseThrow();
        // a MOTTATT that came before its publisering existed here: dead-lettered as UnknownMessage
        Sbd mottatt = Sbd.status(publisering, "MOTTATT", OffsetDateTime.now(ZoneOffset.UTC));
        queue.deadLettered(new WireMessage(mottatt, null).toBytes(), "UnknownMessage");
        http.post().uri("/api/messages/out/multipart").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(OurQueue.publisering(publisering)).exchange().expectStatus().isOk();
        Tracker.await(() -> index.find(messageId, Direction.OUTGOING)
                .map(row -> row.status() == MessageStatus.LEVERT).orElse(false), "the publisering is LEVERT");

        try (Browser browser = Browser.open(port, "en").login(User.ADMIN.username, User.ADMIN.password)) {
            browser.go("/console/dead-letters");
            WebElement row = letterRow(browser, conversationId);
            assertThat(row.getText()).contains("UnknownMessage").contains("status");
            browser.assertAccessible();
            browser.screenshot("dead-letters");

            row.findElement(By.xpath(".//button[normalize-space()='Put back on the queue']")).click();
            assertThat(browser.find(By.cssSelector("[role=status].notice")).getText())
                    .isEqualTo("Put back on its queue.");
            assertThat(browser.all(By.linkText(conversationId))).as("the letter has left the list").isEmpty();
        }
        Tracker.await(() -> queue.emulator().activeMessageCount(OurQueue.NAME) == 0, "the status is taken");
        assertThat(queue.letters()).as("not dead-lettered again")
                .noneMatch(letter -> messageId.equals(letter.get("messageId")));
    }

    @Test
    void each_role_sees_what_it_may_and_is_refused_the_rest() {
        OurQueue queue = new OurQueue(serviceBus, as(User.ADMIN));
        queue.deadLettered("not a DPE message".getBytes(StandardCharsets.UTF_8), "NotJson");
        try (Browser support = Browser.open(port, "en").login(User.SUPPORT.username, User.SUPPORT.password)) {
            support.go("/console/dead-letters");
            support.find(By.cssSelector("table.letters"));
            assertThat(support.text()).contains("NotJson");
            assertThat(support.all(By.cssSelector("table.letters button"))).as("no actions for support").isEmpty();
            assertThat(support.all(By.linkText("Read models"))).as("no read models in the menu").isEmpty();
            support.go("/console/read-models");
            assertThat(support.text()).contains("Your role does not allow this page or action.");
        }
        try (Browser admin = Browser.open(port, "en").login(User.ADMIN.username, User.ADMIN.password)) {
            admin.find(By.linkText("Read models")).click();
            admin.find(By.cssSelector("table.read-models"));
            assertThat(admin.text()).contains("message-state").contains("caught up");
            assertThat(admin.all(By.xpath("//button[normalize-space()='Rebuild']"))).isNotEmpty();
            admin.assertAccessible();
            admin.screenshot("read-models");
        }
        try (Browser fagsystem = Browser.open(port, "en")) {
            fagsystem.login(User.FAGSYSTEM.username, User.FAGSYSTEM.password);
            assertThat(fagsystem.text()).contains("Your role does not allow this page or action.");
        }
        try (Browser stranger = Browser.open(port, "en")) {
            stranger.go("/console/conversations/anything");
            assertThat(stranger.path()).isEqualTo("/console/login");
            stranger.submitLogin(User.SUPPORT.username, "wrong");
            stranger.await(page -> page.getCurrentUrl().endsWith("/console/login?error"), "the login page again");
            assertThat(stranger.text()).contains("Wrong user name or password.");
            stranger.assertAccessible();
            stranger.screenshot("login");
        }
    }

    @Test
    void the_console_speaks_the_browsers_language() {
        try (Browser norwegian = Browser.open(port, "nb")) {
            norwegian.go("/console/login");
            assertThat(norwegian.htmlLang()).isEqualTo("nb");
            assertThat(norwegian.find(By.tagName("h1")).getText()).isEqualTo("Logg inn");
            norwegian.login(User.SUPPORT.username, User.SUPPORT.password);
            assertThat(norwegian.find(By.tagName("h1")).getText()).isEqualTo("Søk i samtaler");
            assertThat(norwegian.find(By.cssSelector("label[for=organisation]")).getText()).isEqualTo("Organisasjon");
            norwegian.assertAccessible();
            norwegian.screenshot("search");
            norwegian.go("/console/stuck");
            assertThat(norwegian.find(By.tagName("h1")).getText()).isEqualTo("Meldinger som står fast");
        }
        try (Browser english = Browser.open(port, "en")) {
            english.go("/console/login");
            assertThat(english.htmlLang()).isEqualTo("en");
            assertThat(english.find(By.tagName("h1")).getText()).isEqualTo("Log in");
        }
    }

    @Test
    void a_keyboard_alone_logs_in_skips_to_the_content_and_searches() {
        Sbd sbd = created(Examples.PUBLISERING_JOURNALPOST);
        try (Browser browser = Browser.open(port, "en")) {
            browser.go("/console/login");
            // the user name has the focus on arrival; Tab to the password, Enter sends the form
            browser.type(User.SUPPORT.username, Keys.TAB, User.SUPPORT.password, Keys.ENTER);
            browser.await(page -> page.getCurrentUrl().endsWith("/console"), "logged in");

            browser.type(Keys.TAB);
            assertThat(browser.focused().getText()).isEqualTo("Skip to content");
            browser.type(Keys.ENTER);
            assertThat(browser.path()).endsWith("#main");
            // from the start of the content, the first field is the search's id
            browser.type(Keys.TAB);
            assertThat(browser.focused().getAttribute("id")).isEqualTo("id");
            browser.type(sbd.conversationId().orElseThrow(), Keys.ENTER);
            browser.find(By.linkText(sbd.conversationId().orElseThrow()));
        }
    }

    /** Created over the API, with nothing sent: it waits on the fagsystem. */
    private Sbd created(String example) {
        Sbd sbd = fresh(example);
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();
        String messageId = sbd.messageId().orElseThrow();
        Tracker.await(() -> index.find(messageId, Direction.OUTGOING).isPresent(), "the message is indexed");
        return sbd;
    }

    private static WebElement letterRow(Browser browser, String conversationId) {
        browser.find(By.linkText(conversationId));
        return browser.find(By.xpath("//table[contains(@class,'letters')]//tr[.//a[normalize-space()='"
                + conversationId + "']]"));
    }

    private static int indexOf(List<String> items, String messageId) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).contains(messageId)) {
                return i;
            }
        }
        return -1;
    }
}
