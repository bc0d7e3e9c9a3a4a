//! Picture credits inside captions. Byline keeps a picture's caption and its credit
//! apart ("The pier at dawn." / "Photo: Ana Ruiz"); Ghost and WordPress keep one
//! caption with the credit at its end. These rules join and split them the same way
//! in the exporter and the importers, so a round trip gives back what went out.

/// Words that open a credit, as newsrooms write them, in the languages the default
/// theme speaks (English, then Ukrainian).
pub const CREDIT_MARKERS: [&str; 12] = [
    "Photo: ",
    "Photo by ",
    "Photograph: ",
    "Photography: ",
    "Picture: ",
    "Image: ",
    "Illustration: ",
    "Credit: ",
    "Фото: ",
    "Світлина: ",
    "Ілюстрація: ",
    "Зображення: ",
];

/// The credit as a caption carries it: as written when it opens with a marker
/// ("Illustration: Graphics desk"), else after "Photo: ".
pub fn labelled(credit: &str) -> String {
    let credit = credit.trim();
    if CREDIT_MARKERS.iter().any(|m| credit.starts_with(m)) {
        credit.to_owned()
    } else {
        format!("Photo: {credit}")
    }
}

/// One caption from a caption and a credit (plain text).
pub fn join(caption: Option<&str>, credit: Option<&str>) -> Option<String> {
    let caption = caption.map(str::trim).filter(|c| !c.is_empty());
    let credit = credit
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(labelled);
    match (caption, credit) {
        (None, None) => None,
        (Some(caption), None) => Some(caption.to_owned()),
        (None, Some(credit)) => Some(credit),
        (Some(caption), Some(credit)) => Some(format!("{caption} {credit}")),
    }
}

/// Splits a caption (plain text) into caption and credit: the credit starts at the
/// last credit marker and keeps it. A caption that is only a credit has no caption.
pub fn split(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim();
    if text.is_empty() {
        return (None, None);
    }
    let start = CREDIT_MARKERS
        .iter()
        .filter_map(|marker| text.rfind(marker))
        .max();
    match start {
        Some(at) => {
            let caption = text[..at].trim();
            (
                (!caption.is_empty()).then(|| caption.to_owned()),
                Some(text[at..].trim().to_owned()),
            )
        }
        None => (Some(text.to_owned()), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_captions_split_back() {
        for (caption, credit) in [
            (Some("The pier at dawn."), Some("Photo: Ana Ruiz")),
            (Some("A map."), Some("Illustration: Graphics desk")),
            (Some("Міст на світанку."), Some("Фото: Олена Коваль")),
            (None, Some("Ілюстрація: графічний відділ")),
            (None, Some("Photo: Wire")),
            (Some("Only words."), None),
        ] {
            let joined = join(caption, credit);
            let (c, r) = split(joined.as_deref().unwrap());
            assert_eq!((c.as_deref(), r.as_deref()), (caption, credit));
        }
        assert_eq!(
            join(Some("X."), Some("Ana Ruiz")).unwrap(),
            "X. Photo: Ana Ruiz"
        );
        assert_eq!(split("  "), (None, None));
    }
}
