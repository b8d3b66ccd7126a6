"""Whether a field's text fits it: for the tests of the page on a phone."""

# How much wider than the room inside `field` (its width less its padding: a date field's
# calendar button sits in its right padding) a text of its font is, in CSS pixels: its
# value, and its placeholder (what it shows empty: a date's format, "Type to find…") in
# the placeholder's font. At most 0: it fits.
OVERFLOW = """(field) => {
  const room = (style) =>
    field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const width = (text, style) => {
    const span = document.createElement("span");
    for (const key of ["fontFamily", "fontSize", "fontWeight", "letterSpacing"]) {
      span.style[key] = style[key];
    }
    span.style.fontVariantNumeric = style.fontVariantNumeric;
    Object.assign(span.style, { position: "absolute", whiteSpace: "pre" });
    span.textContent = text;
    document.body.append(span);
    const { width } = span.getBoundingClientRect();
    span.remove();
    return width;
  };
  const style = getComputedStyle(field);
  return {
    value: width(field.value, style) - room(style),
    placeholder: width(field.placeholder, getComputedStyle(field, "::placeholder")) - room(style),
  };
}"""
