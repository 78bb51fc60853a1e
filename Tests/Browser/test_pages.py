#!/usr/bin/env python3
"""The step deck and the handout in a real browser (headless Chromium, driven by Selenium).

Run by scripts/test after the Swift tests, with the tool already built:

    Tests/Browser/test_pages.py .build/debug/graphviz-grad

It checks what a reader would: the deck's counter starts at 1 / N, → three times gives 4 / N,
End and Home work, exactly one frame is visible, the URL's hash remembers the frame, nothing is
fetched and nothing is logged as an error; the handout, printed to PDF, has a page per file; and
step frames look the same in every viewer: the first and last SVG frames rasterised by Inkscape
and by librsvg (rsvg-convert), and the deck's first and last frames in Chromium, show no gradient
colour in the first frame and plenty in the last.
"""
import io
import json
import os
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from PIL import Image

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))
    print(("ok    " if condition else "FAIL  ") + name + ("" if condition else f": {detail}"))


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)


def counter(driver):
    return driver.find_element(By.ID, "gg-counter").text


def visible_frames(driver):
    return [frame for frame in driver.find_elements(By.CSS_SELECTOR, ".frame") if frame.is_displayed()]


def gradient_visibility(driver):
    """How the browser draws the figure's gradient labels (the groups a_g-…): their visibilities."""
    return set(driver.execute_script(
        "return Array.from(document.querySelectorAll('[id^=\"a_g-\"]'))"
        ".map(function (cell) { return getComputedStyle(cell).visibility; });"))


def test_deck(driver, tool, folder):
    deck = os.path.join(folder, "deck.html")
    subprocess.run([tool, "render", os.path.join(ROOT, "samples", "branch.txt"), "--steps", "--explain",
                    "-o", deck], check=True)
    driver.get("file://" + deck)
    frames = driver.find_elements(By.CSS_SELECTOR, ".frame")
    total = len(frames)
    check("the branch deck has 2n + 1 = 5 frames", total == 5, total)
    check("the counter starts at 1 / N", counter(driver) == f"1 / {total}", counter(driver))
    check("exactly one frame is visible", len(visible_frames(driver)) == 1, len(visible_frames(driver)))
    check("the first frame hides every gradient", gradient_visibility(driver) == {"hidden"},
          gradient_visibility(driver))
    body = driver.find_element(By.TAG_NAME, "body")
    for _ in range(3):
        body.send_keys(Keys.ARROW_RIGHT)
    check("→ three times gives 4 / N", counter(driver) == f"4 / {total}", counter(driver))
    check("the hash remembers the frame", driver.execute_script("return location.hash") == "#4",
          driver.execute_script("return location.hash"))
    check("still exactly one frame visible", len(visible_frames(driver)) == 1)
    check("the visible frame is the fourth",
          visible_frames(driver)[0].get_attribute("id") == "gg-frame-4", visible_frames(driver)[0].get_attribute("id"))
    body.send_keys(Keys.END)
    check("End shows the last frame", counter(driver) == f"{total} / {total}", counter(driver))
    body.send_keys(Keys.ARROW_RIGHT)
    check("→ past the end stays on the last frame", counter(driver) == f"{total} / {total}", counter(driver))
    body.send_keys(Keys.HOME)
    check("Home shows the first frame", counter(driver) == f"1 / {total}", counter(driver))
    body.send_keys(Keys.SPACE)
    check("space shows the next frame", counter(driver) == f"2 / {total}", counter(driver))
    driver.find_element(By.ID, "gg-back").click()
    check("the back button works", counter(driver) == f"1 / {total}", counter(driver))
    driver.find_element(By.ID, "gg-last").click()
    check("the last button works", counter(driver) == f"{total} / {total}", counter(driver))
    check("the last frame shows every gradient", gradient_visibility(driver) == {"visible"},
          gradient_visibility(driver))
    caption = visible_frames(driver)[0].find_element(By.CSS_SELECTOR, ".caption").text
    check("the last caption is the trunk's sum", "∂z/∂x = 3 + 1 = 4" in caption, caption)
    driver.get("file://" + deck + "#3")
    check("opening with #3 shows frame 3", counter(driver) == f"3 / {total}", counter(driver))
    resources = driver.execute_script("return performance.getEntriesByType('resource').length")
    check("the deck fetches nothing", resources == 0, resources)
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check("no console error", not severe, severe)


def test_deck_with_hostile_names(driver, tool, folder):
    """Names that are the page's own words (counter, next, first, back, last, frame) take
    nothing over: the deck's ids are its own."""
    source = os.path.join(folder, "hostile.txt")
    with open(source, "w") as file:
        file.write("counter = 2\nnext = 3\nfirst = counter * next\nback = first + counter\n"
                   "last = back * 2\nframe = last + first\nbackward frame\n")
    deck = os.path.join(folder, "hostile.html")
    subprocess.run([tool, "render", source, "--steps", "-o", deck], check=True)
    driver.get("file://" + deck)
    total = len(driver.find_elements(By.CSS_SELECTOR, ".frame"))
    check("hostile names: the counter starts at 1 / N", counter(driver) == f"1 / {total}", counter(driver))
    driver.find_element(By.ID, "gg-next").click()
    driver.find_element(By.ID, "gg-next").click()
    check("hostile names: the next button works", counter(driver) == f"3 / {total}", counter(driver))
    driver.find_element(By.ID, "gg-last").click()
    check("hostile names: the last button works", counter(driver) == f"{total} / {total}", counter(driver))
    driver.find_element(By.ID, "gg-first").click()
    check("hostile names: the first button works", counter(driver) == f"1 / {total}", counter(driver))
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check("hostile names: no console error", not severe, severe)


def test_handout(driver, tool, folder):
    handout = os.path.join(folder, "handout.html")
    files = [os.path.join(ROOT, "samples", name + ".txt") for name in ["mul", "branch", "neuron"]]
    subprocess.run([tool, "handout", *files, "--explain", "-o", handout], check=True)
    driver.get("file://" + handout)
    sections = driver.find_elements(By.CSS_SELECTOR, "section.file")
    check("the handout has a section per file", len(sections) == 3, len(sections))
    check("each section holds its figure", all(s.find_elements(By.TAG_NAME, "svg") for s in sections))
    links = driver.find_elements(By.CSS_SELECTOR, "nav.contents a")
    check("the contents list links every file", len(links) == 3, len(links))
    resources = driver.execute_script("return performance.getEntriesByType('resource').length")
    check("the handout fetches nothing", resources == 0, resources)
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check("no console error in the handout", not severe, severe)
    pdf = os.path.join(folder, "handout.pdf")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer", "file://" + handout],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    check("the printed handout has a page per file", pages == 3, pages)


def gradient_pixels(png):
    """How many pixels of a PNG (bytes) are the light theme's gradient red (#c62828) or near it."""
    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3)
               if data[i] > 150 and data[i + 1] < 100 and data[i + 2] < 100 and data[i] - data[i + 1] > 90)


def test_frames_in_every_viewer(driver, tool, folder):
    for sample in ["branch", "mlp"]:
        frames = os.path.join(folder, "frames-" + sample)
        source = os.path.join(ROOT, "samples", sample + ".txt")
        subprocess.run([tool, "render", source, "--steps", "--explain", "-o", frames + "/"], check=True)
        names = sorted(name for name in os.listdir(frames) if name.endswith(".svg"))
        first, last = os.path.join(frames, names[0]), os.path.join(frames, names[-1])
        for viewer in ["inkscape", "rsvg-convert"]:
            counts = []
            for svg in [first, last]:
                png = svg[:-4] + "-" + viewer + ".png"
                if viewer == "inkscape":
                    command = ["inkscape", svg, "--export-type=png", "--export-filename=" + png, "-d", "96"]
                else:
                    command = ["rsvg-convert", svg, "-o", png]
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                with open(png, "rb") as file:
                    counts.append(gradient_pixels(file.read()))
            check(f"{sample}: {viewer} draws no gradient colour in the first frame", counts[0] == 0, counts)
            check(f"{sample}: {viewer} draws the gradients in the last frame", counts[1] > 500, counts)
        deck = os.path.join(folder, sample + "-deck.html")
        subprocess.run([tool, "render", source, "--steps", "--explain", "-o", deck], check=True)
        driver.get("file://" + deck + "#1")
        at_first = gradient_pixels(driver.get_screenshot_as_png())
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.END)
        at_last = gradient_pixels(driver.get_screenshot_as_png())
        check(f"{sample}: Chromium shows no gradient colour on the deck's first frame", at_first == 0, at_first)
        check(f"{sample}: Chromium shows the gradients on the deck's last frame", at_last > 100, at_last)


def test_run_deck(driver, tool, folder):
    """A deck of a training run: a frame per pass, its numbers in the one drawing, and the
    pass marked on the loss curve with that pass's loss."""
    source = os.path.join(ROOT, "samples", "train", "linear-regression.py")
    deck = os.path.join(folder, "run.html")
    subprocess.run([tool, "render", source, "--passes", "-o", deck], check=True)
    evaluation = json.loads(subprocess.run([tool, "eval", source, "--json"], check=True,
                                           capture_output=True, text=True).stdout)
    losses = {entry["pass"]: entry["loss"] for entry in evaluation["passes"]}
    driver.get("file://" + deck)
    total = len(driver.find_elements(By.CSS_SELECTOR, ".frame"))
    check("the run deck has 40 frames", total == 40, total)
    check("the run deck's counter starts at 1 / 40", counter(driver) == "1 / 40", counter(driver))

    def marked():
        markers = driver.find_elements(By.CSS_SELECTOR, ".run-plot circle.marker")
        if len(markers) != 1:
            return None, None
        return int(markers[0].get_attribute("data-pass")), float(markers[0].get_attribute("data-value"))

    def caption():
        return visible_frames(driver)[0].find_element(By.CSS_SELECTOR, ".caption").text

    def weight():
        """The text the drawing shows for W's value (its first number cell)."""
        return driver.execute_script(
            "var cell = document.querySelector('[id^=\"a_v-W\"][id$=\".0\"] text');"
            "return cell ? cell.textContent : null;")

    pass_, value = marked()
    check("the first frame marks pass 1 with its loss", pass_ == 1 and value == losses[1], (pass_, value))
    check("the first caption", caption().startswith("pass 1 of 100: loss = 42.3"), caption())
    first_weight = weight()
    body = driver.find_element(By.TAG_NAME, "body")
    for _ in range(3):
        body.send_keys(Keys.ARROW_RIGHT)
    pass_, value = marked()
    check("→ three times marks the fourth frame's pass", counter(driver) == "4 / 40" and pass_ is not None
          and caption().startswith(f"pass {pass_} of 100"), (counter(driver), pass_, caption()))
    check("the marked point's data-value is that pass's loss", value == losses.get(pass_), (value, losses.get(pass_)))
    check("the drawing shows the frame's numbers", weight() != first_weight, (first_weight, weight()))
    body.send_keys(Keys.END)
    pass_, value = marked()
    check("End marks the last pass", pass_ == 100 and value == losses[100], (pass_, value))
    check("the last frame shows W after training", weight() == "2.12", weight())
    check("the hash remembers the frame", driver.execute_script("return location.hash") == "#40",
          driver.execute_script("return location.hash"))
    driver.get("file://" + deck + "#2")
    check("opening with #2 shows frame 2", counter(driver) == "2 / 40", counter(driver))
    resources = driver.execute_script("return performance.getEntriesByType('resource').length")
    check("the run deck fetches nothing", resources == 0, resources)
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check("the run deck: no console error", not severe, severe)


def main():
    tool = os.path.abspath(sys.argv[1])
    folder = tempfile.mkdtemp(prefix="graphviz-grad-browser-")
    driver = browser()
    try:
        test_deck(driver, tool, folder)
        test_deck_with_hostile_names(driver, tool, folder)
        test_handout(driver, tool, folder)
        test_frames_in_every_viewer(driver, tool, folder)
        test_run_deck(driver, tool, folder)
    finally:
        driver.quit()
    failed = sum(1 for _, passed, _ in results if not passed)
    print(f"browser: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
