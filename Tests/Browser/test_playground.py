"""The playground (`graphviz-grad serve`) as a student uses it, in headless Chromium: type the
branch sample and see its branch sum, make an error and see its line marked, take the quiz and
grade it, reload a share link, look at the steps, and hostile text that never runs or fetches.
Every request stays on loopback; the server is started here and stopped at the end.

    python Tests/Browser/test_playground.py path/to/graphviz-grad [SCREENSHOT_DIR]
"""

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
BRANCH = "x = 2\ny = 3\nz = x * y + x\nbackward z\n"

results = []

# The property tests' alphabet (Tests/GraphvizGradTests/PropertyTests.swift): characters that
# break DOT, HTML, XML or layout, and what a name may hold; here with markup that would run.
HOSTILE = ["\u0001", "\u0007", "\u001b", "\u007f", "\u0085", "\\\"", "'", "<", ">", "&", "[", "]",
           "{", "}", "|", "\\\\", "%", "#", ";", "=", ",", "\u202e", "\u2066", "\u200f", "\u0301",
           "\u20dd", "👩‍👩‍👧", "🧠", "输入", "שלום", "∂", "ﬁ", "\ufeff", "a", "Z", "0", " ", "-", "->",
           "<BR/>", "&#92;", "]]>", "<!--", "<script>", "</text>", "<img src=x onerror=pwned=1>",
           "<link rel=stylesheet href=//example.com/x.css>", "javascript:"]
NAME_START = ["x", "é", "θ", "Ж", "输", "ש", "_", "Ω"]
NAME_REST = ["x", "y", "é", "θ", "Ж", "输", "入", "ש", "_", "1", "ß", "Ω", "λ"]


def hostile_program(generator):
    title = "".join(generator.choice(HOSTILE) for _ in range(1 + generator.randrange(12)))
    comment = "".join(generator.choice(HOSTILE) for _ in range(1 + generator.randrange(12)))
    a, b = ("".join([generator.choice(NAME_START)] +
                    [generator.choice(NAME_REST) for _ in range(generator.randrange(4))])
            for _ in range(2))
    if a == b:
        b += "2"
    return (f"# {comment.replace(chr(10), ' ')}\ntitle \"{title}\"\n{a} = 2\n{b} = 3\n"
            f"z = {a} * {b} + {a}  # {comment}\nbackward z\n", a)


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))
    print(("ok    " if condition else "FAIL  ") + name + ("" if condition else f": {detail}"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(tool):
    port = free_port()
    server = subprocess.Popen(
        [tool, "serve", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return server, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("test_playground: the server did not start")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                     # Any name but loopback fails to resolve: nothing can come from outside.
                     "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    # A viewport of exactly 1400 × 900 for the screenshots.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    return driver


def wait(driver, condition, seconds=20):
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.1).until(lambda d: condition(d))
    except Exception:
        return None


def figure_text(driver):
    return driver.execute_script(
        "const s = document.querySelector('#figure svg'); return s ? s.textContent : '';")


def type_source(driver, text):
    editor = driver.find_element(By.ID, "source")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(text)


def console_errors(driver):
    """Console errors, but for the status lines Chromium logs for the 422s the page expects."""
    return [entry for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "status of 422" not in entry["message"]]


def outside_requests(driver, origin):
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith(arguments[0]) && !n.startsWith('data:') && !n.startsWith('blob:'))",
        origin)


def shoot(driver, folder, name):
    if folder:
        driver.save_screenshot(os.path.join(folder, name))


def main():
    tool = os.path.abspath(sys.argv[1])
    shots = sys.argv[2] if len(sys.argv) > 2 else None
    if shots:
        os.makedirs(shots, exist_ok=True)
    server, url = start_server(tool)
    origin = url.rstrip("/")
    driver = browser()
    try:
        driver.get(url)
        options = wait(driver, lambda d: len(Select(d.find_element(By.ID, "samples")).options) > 10)
        check("the samples are in the menu", options)
        check("the branch sample is drawn at first",
              wait(driver, lambda d: "3 + 1 = 4" in figure_text(d)), figure_text(driver)[:200])

        # Typed, not chosen: the figure follows the editor.
        type_source(driver, "x = 5\ny = 7\nz = x * y\nbackward z\n")
        check("a typed file is drawn", wait(driver, lambda d: "∂z/∂x = 7" in figure_text(d)),
              figure_text(driver)[:300])
        type_source(driver, BRANCH)
        check("typing the branch sample shows ∂z/∂x = 3 + 1 = 4",
              wait(driver, lambda d: "∂z/∂x = 3 + 1 = 4" in figure_text(d)),
              figure_text(driver)[:300])
        gutter = driver.find_element(By.ID, "gutter").text.split()
        check("line numbers for every line", gutter[:5] == ["1", "2", "3", "4", "5"], gutter)
        shoot(driver, shots, "playground-sample.png")

        # An error: the line is marked, the message beside it, the last good figure kept.
        editor = driver.find_element(By.ID, "source")
        editor.send_keys(Keys.CONTROL, Keys.END)
        editor.send_keys("w = z * q\n")
        marked = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#gutter .error"))
        check("the error's line is marked", marked and marked[0].text == "5",
              marked and marked[0].text)
        bubble = driver.find_elements(By.CSS_SELECTOR, "#bubbles .bubble.error")
        check("the message is next to the line",
              bubble and "q" in bubble[0].get_attribute("textContent"),
              bubble and bubble[0].get_attribute("textContent"))
        listed = driver.find_element(By.ID, "diagnostics").text
        check("the diagnostic says line and column", "line 5, column" in listed, listed)
        check("the last good figure stays", "∂z/∂x = 3 + 1 = 4" in figure_text(driver))
        check("the status says the figure is the last that worked",
              "last figure that worked" in driver.find_element(By.ID, "status").text,
              driver.find_element(By.ID, "status").text)
        shoot(driver, shots, "playground-error.png")
        editor.send_keys(Keys.BACKSPACE * len("w = z * q\n"))
        check("the mark goes when the error does",
              wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#gutter .error")))

        # The quiz: blanks without their answers, then graded.
        driver.find_element(By.ID, "quiz").click()
        boxes = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#answers input") if
                     len(d.find_elements(By.CSS_SELECTOR, "#answers input")) == 5 else None)
        check("quiz: an answer box per blank", boxes, len(driver.find_elements(By.CSS_SELECTOR, "#answers input")))
        # The figure and everything the page holds but the samples' own comments (branch.txt
        # explains its sum in prose).
        shown = driver.execute_script(
            "return document.getElementById('figure').innerHTML + document.getElementById('quiz-panel').innerHTML")
        check("quiz: no answer in the page before grading",
              "3 + 1 = 4" not in shown and "= 4" not in shown and "= 2" not in shown.replace("x = 2", ""),
              shown[:300])
        # Right answers but for blank 5 (x's total, 4).
        right = {"1": "1", "2": "1", "3": "3", "4": "2", "5": "5"}
        for box in boxes or []:
            box.send_keys(right[box.get_attribute("data-blank")])
        shoot(driver, shots, "playground-quiz.png")
        driver.find_element(By.ID, "grade").click()
        summary = wait(driver, lambda d: "right" in d.find_element(By.ID, "grade-summary").text and
                       d.find_element(By.ID, "grade-summary").text)
        check("quiz: graded 4 of 5", summary == "4 of 5 right", summary)
        wrong = [box.get_attribute("data-blank") for box in driver.find_elements(
            By.CSS_SELECTOR, "#answers li.wrong input")]
        check("quiz: only blank 5 is wrong", wrong == ["5"], wrong)
        shoot(driver, shots, "playground-quiz-graded.png")
        driver.find_element(By.ID, "quiz").click()

        # A share link holds the file: reloaded, the same source.
        type_source(driver, BRANCH + "# a teacher's note: σ, ∂, 中文 & <b>\n")
        wait(driver, lambda d: "∂z/∂x = 3 + 1 = 4" in figure_text(d))
        driver.find_element(By.ID, "explain").click()
        driver.find_element(By.ID, "share").click()
        link = wait(driver, lambda d: d.find_element(By.ID, "share-link").get_attribute("value"))
        source = driver.find_element(By.ID, "source").get_attribute("value")
        check("share link: the file is in the fragment", link and "#v1." in link, link)
        driver.get("about:blank")
        driver.get(link)
        same = wait(driver, lambda d: d.find_element(By.ID, "source").get_attribute("value") == source)
        check("share link: reloaded, the same source", same,
              driver.find_element(By.ID, "source").get_attribute("value"))
        check("share link: the toggles come back", driver.find_element(By.ID, "explain").is_selected())
        check("share link: the figure is drawn", wait(driver, lambda d: "3 + 1 = 4" in figure_text(d)))

        # Steps: the deck in its sandboxed frame runs its own script.
        driver.find_element(By.ID, "steps").click()
        frame = wait(driver, lambda d: d.find_element(By.ID, "deck").is_displayed() and
                     d.find_element(By.ID, "deck"))
        check("steps: the deck is shown", frame)
        if frame:
            driver.switch_to.frame(frame)
            counter = wait(driver, lambda d: d.find_elements(By.ID, "gg-counter") and
                           d.find_element(By.ID, "gg-counter").text)
            check("steps: the deck's script runs (its counter)", counter and counter.startswith("1 /"), counter)
            driver.switch_to.default_content()
        driver.find_element(By.ID, "steps").click()

        # A training file: the pass controls, the loss curve.
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "samples", "train", "sgd.py"),
                  encoding="utf-8") as sample:
            driver.execute_script(
                "const e = document.getElementById('source'); e.value = arguments[0];"
                "e.dispatchEvent(new Event('input'));", sample.read())
        training = wait(driver, lambda d: d.find_element(By.ID, "training").is_displayed())
        check("training: the pass controls appear", training)
        if training:
            driver.find_element(By.ID, "plot").click()
            check("training: the loss curve is drawn",
                  wait(driver, lambda d: d.execute_script(
                      "return document.querySelectorAll('#plot-view circle[data-pass]').length") > 0))
            driver.find_element(By.ID, "plot").click()

        # Downloads: each button saves its file.
        type_source(driver, BRANCH)
        wait(driver, lambda d: "∂z/∂x = 3 + 1 = 4" in figure_text(d))
        with tempfile.TemporaryDirectory() as downloads:
            driver.execute_cdp_cmd("Page.setDownloadBehavior",
                                   {"behavior": "allow", "downloadPath": downloads})
            expected = {"svg": ("figure.svg", b"<?xml"), "png": ("figure.png", b"\x89PNG"),
                        "html": ("figure.html", b"<!DOCTYPE html>"),
                        "tikz": ("figure.tex", b"% ")}
            for format, (name, start) in expected.items():
                driver.find_element(By.CSS_SELECTOR, f'[data-download="{format}"]').click()
                path = os.path.join(downloads, name)
                saved = wait(driver, lambda d: os.path.exists(path) and os.path.getsize(path) > 100, 20)
                head = open(path, "rb").read(64) if saved else b""
                check(f"download {format}: {name} saved", saved and head.startswith(start), head[:20])
            deck = open(os.path.join(downloads, "figure.html"), encoding="utf-8").read() \
                if os.path.exists(os.path.join(downloads, "figure.html")) else ""
            check("download html: the deck of the steps", "1 / " in deck or "gg-counter" in deck)

        check("nothing fetched from outside", not outside_requests(driver, origin),
              outside_requests(driver, origin))
        errors = console_errors(driver)
        check("no console error", not errors, errors)

        # Hostile titles, names and comments: inert text, the page unchanged.
        structure = "return [document.querySelectorAll('script').length, document.body.children.length," \
                    " document.querySelectorAll('iframe').length, document.title]"
        before = driver.execute_script(structure)
        hostile = ('# </textarea><script>window.pwned=1</script>\n'
                   'title "<img src=x onerror=window.pwned=1><script>window.pwned=1</script>'
                   '<link rel=stylesheet href=http://example.com/x.css>"\n'
                   'x = 2\ny = 3\nz = x * y\nbackward z\n')
        driver.execute_script(
            "const e = document.getElementById('source'); e.value = arguments[0];"
            "e.dispatchEvent(new Event('input'));", hostile)
        drawn = wait(driver, lambda d: "onerror" in figure_text(d))
        check("hostile title: drawn as text", drawn, figure_text(driver)[:300])
        check("hostile title: no script ran", not driver.execute_script("return window.pwned"))
        check("hostile title: the page's structure is unchanged",
              driver.execute_script(structure) == before, driver.execute_script(structure))
        check("hostile title: nothing fetched from outside", not outside_requests(driver, origin),
              outside_requests(driver, origin))
        # The property tests' kind of titles, names and comments, drawn one after another.
        generator = random.Random(2026)
        drawn = 0
        for trial in range(10):
            program, name = hostile_program(generator)
            driver.execute_script(
                "const e = document.getElementById('source'); e.value = arguments[0];"
                "e.dispatchEvent(new Event('input'));", program)
            if wait(driver, lambda d: f"{name} = 2" in figure_text(d) or
                    d.find_elements(By.CSS_SELECTOR, "#gutter .error"), 10):
                drawn += "{} = 2".format(name) in figure_text(driver)
        check("hostile programs: drawn", drawn >= 8, drawn)
        check("hostile programs: no script ran", not driver.execute_script("return window.pwned"))
        check("hostile programs: the page's structure is unchanged",
              driver.execute_script(structure) == before, driver.execute_script(structure))
        check("hostile programs: nothing fetched from outside", not outside_requests(driver, origin),
              outside_requests(driver, origin))
        errors = console_errors(driver)
        check("hostile programs: no console error", not errors, errors)
    finally:
        driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    failed = [name for name, ok, _ in results if not ok]
    print(f"test_playground: {len(results) - len(failed)} of {len(results)} checks passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
