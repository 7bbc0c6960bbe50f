package io.eventbank.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.localstack.ServiceDefinition;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * A person at web-app in Debian's headless Chromium: signs up, opens an account, signs out; signs in as
 * alice, pays the new account and watches the transfer complete with the balances that include it;
 * overdraws and sees why it failed; double-submits a form and pays once; finally sees the new customer's
 * balance. Screenshots of the main pages go to {@code docs/images/}.
 */
final class WebBankingJourney {

    static final Path CHROMIUM = Path.of(System.getProperty("web.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("web.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final Duration SAGA = Duration.ofSeconds(60);

    private final String web;
    private final Path screenshots;
    private final WebDriver browser;

    private WebBankingJourney(String web, Path screenshots, WebDriver browser) {
        this.web = web;
        this.screenshots = screenshots;
        this.browser = browser;
    }

    /** A fresh headless Chromium; fails, naming the packages, when it is not installed (a skipped browser test is a gap). */
    static ChromeDriver chromium(Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE);
        return driver;
    }

    /** @param aliceAccount alice's funded account (1000.00) */
    static void run(ServiceStack stack, Path screenshots, Path profile, String aliceAccount, String alicePassword) {
        ChromeDriver driver = chromium(profile);
        try {
            new WebBankingJourney(stack.uri(ServiceDefinition.WEB).toString(), screenshots, driver)
                    .journey(aliceAccount, alicePassword);
        } catch (RuntimeException | AssertionError failure) {
            System.out.println("web-journey: failed at " + driver.getCurrentUrl() + "\n" + driver.getPageSource());
            try {
                Files.write(profile.resolveSibling("web-journey-failure.png"), driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        } finally {
            driver.quit();
        }
    }

    private void journey(String aliceAccount, String alicePassword) {
        String newcomer = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String newcomerPassword = "a fresh passphrase " + UUID.randomUUID();

        browser.get(web + "/");
        click(By.id("sign-up"));
        awaitField(By.id("username")).sendKeys(newcomer);
        browser.findElement(By.id("password")).sendKeys(newcomerPassword);
        click(By.cssSelector("button[type=submit]"));
        signIn(newcomer, newcomerPassword);
        awaitText(By.tagName("h1"), "My accounts");
        assertThat(browser.getPageSource()).contains("You have no accounts yet");

        WebElement title = awaitField(By.id("title"));
        title.sendKeys("Savings");
        assertThat(title.getDomProperty("value")).as("typed into the account's name").isEqualTo("Savings");
        title.sendKeys(Keys.ENTER); // by keyboard
        awaitText(By.tagName("h1"), "Savings");
        String savings = browser.findElement(By.id("account-id")).getText();
        assertThat(text(By.id("balance"))).isEqualTo("0.00");
        signOut();

        browser.get(web + "/accounts");
        signIn("alice", alicePassword);
        awaitText(By.tagName("h1"), "My accounts");
        assertThat(text(By.id("total"))).isEqualTo("1,000.00");
        screenshot("web-accounts.png");

        String completed = transfer(aliceAccount, savings, "25.00", "welcome");
        ((JavascriptExecutor) browser).executeScript("window.eventbankSamePage = true;");
        awaitStatus("COMPLETED");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.eventbankSamePage === true;"))
                .as("the status changed on the page (htmx), without a reload").isEqualTo(true);
        assertThat(balanceShown(aliceAccount)).as("alice's balance on the completed transfer").isEqualTo("975.00");
        assertThat(browser.findElements(By.cssSelector("#balances tr[data-account-id='" + savings + "']")))
                .as("the other customer's account is not shown").isEmpty();
        screenshot("web-transfer-completed.png");

        transfer(aliceAccount, savings, "5000.00", "too much");
        awaitStatus("FAILED");
        assertThat(text(By.id("failure"))).containsIgnoringCase("insufficient funds");
        assertThat(balanceShown(aliceAccount)).isEqualTo("975.00");
        screenshot("web-transfer-failed.png");

        browser.get(web + "/transfers/new?from=" + aliceAccount);
        fillTransfer(savings, "10.00", "sent twice");
        screenshot("web-transfer-form.png");
        List<?> landed = doubleSubmit();
        assertThat(landed).as("both submissions of one form answer the same transfer").hasSize(2);
        assertThat(landed.get(0)).isEqualTo(landed.get(1));
        browser.get(String.valueOf(landed.get(0)));
        awaitStatus("COMPLETED");
        assertThat(balanceShown(aliceAccount)).as("one transfer of 10.00, not two").isEqualTo("965.00");
        assertThat(landed.get(0).toString()).doesNotContain(completed);

        browser.get(web + "/accounts/" + aliceAccount);
        awaitText(By.id("balance"), "965.00");
        screenshot("web-account.png");
        browser.manage().window().setSize(new Dimension(375, 812));
        browser.get(web + "/accounts");
        screenshot("web-accounts-375.png");
        browser.manage().window().setSize(new Dimension(1280, 900));
        signOut();

        browser.get(web + "/accounts");
        signIn(newcomer, newcomerPassword);
        awaitText(By.tagName("h1"), "My accounts");
        await("the newcomer's balance includes both transfers").atMost(PAGE).ignoreExceptions()
                .untilAsserted(() -> {
                    browser.navigate().refresh();
                    assertThat(text(By.id("total"))).isEqualTo("35.00");
                });
    }

    /** Fills and sends the transfer form; returns the transfer's id from the page it lands on. */
    private String transfer(String from, String to, String amount, String description) {
        browser.get(web + "/transfers/new?from=" + from);
        fillTransfer(to, amount, description);
        click(By.id("send"));
        await("the transfer page").atMost(PAGE).until(() -> browser.getCurrentUrl().matches(".*/transfers/[0-9a-f-]{36}.*"));
        return browser.getCurrentUrl().replaceAll(".*/transfers/([0-9a-f-]{36}).*", "$1");
    }

    private void fillTransfer(String to, String amount, String description) {
        WebElement from = awaitField(By.id("fromAccountId"));
        assertThat(new Select(from).getFirstSelectedOption().getAttribute("value")).isNotBlank();
        browser.findElement(By.id("toAccountId")).sendKeys(to);
        browser.findElement(By.id("amount")).sendKeys(amount);
        browser.findElement(By.id("description")).sendKeys(description);
    }

    /**
     * The same rendered form sent twice, as a double click or a resubmit does (same fields, same
     * Idempotency-Key, same session): both answers land on one transfer's page.
     */
    private List<?> doubleSubmit() {
        Object landed = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.getElementById('transfer-form');
                const send = () => fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form)),
                    credentials: 'same-origin'}).then(r => r.url);
                Promise.all([send(), send()]).then(done, e => done(['error', String(e)]));
                """);
        assertThat(landed).isInstanceOf(List.class);
        return (List<?>) landed;
    }

    private String balanceShown(String account) {
        return text(By.cssSelector("#balances tr[data-account-id='" + account + "'] .balance"));
    }

    private void awaitStatus(String status) {
        await("transfer status " + status + " on the page").atMost(SAGA).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> status.equals(browser.findElement(By.id("transfer-status")).getText()));
    }

    private void signIn(String username, String password) {
        WebElement name = awaitField(By.id("username"));
        name.clear();
        name.sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        click(By.cssSelector("button[type=submit]"));
    }

    private void signOut() {
        click(By.cssSelector("form[action='/logout'] button"));
        await("signed out").atMost(PAGE).until(() -> browser.getPageSource().contains("You are signed out"));
    }

    private void click(By by) {
        await("clickable " + by).atMost(PAGE).ignoreExceptions().until(() -> {
            browser.findElement(by).click();
            return true;
        });
    }

    private WebElement awaitField(By by) {
        return await("field " + by).atMost(PAGE).ignoreExceptions().until(() -> browser.findElement(by), e -> e.isDisplayed());
    }

    private void awaitText(By by, String text) {
        await(by + " shows " + text).atMost(PAGE).ignoreExceptions()
                .until(() -> browser.findElement(by).getText().contains(text));
    }

    private String text(By by) {
        return await("element " + by).atMost(PAGE).ignoreExceptions().until(() -> browser.findElement(by).getText(),
                t -> t != null);
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(name), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
