"""The two screens the browser tests look at, and what a person does on the narrow one."""

# A phone, and a common laptop screen.
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}


def open_filters(screen) -> None:
    """Unfold the form's folded filters as a person would, outer fold first; a wide screen
    may show them open already."""
    for _ in range(3):
        closed = screen.locator("form.filters details:not([open]) > summary").filter(visible=True)
        if not closed.count():
            return
        closed.first.click()


def follow(link) -> None:
    """Click ``link`` and wait for the page it opens: what comes next reads the new page,
    never the one being left."""
    with link.page.expect_navigation():
        link.click()
