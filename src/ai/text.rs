//! Reading ticket text: a keyword matcher over the scenario's vocabulary and a
//! lexicon-based sentiment scorer. Both are deterministic, need no model files and run
//! in one pass over the text.
//!
//! **Tokens.** The text is split into words: maximal runs of letters and digits, with
//! an apostrophe (`'` or `’`) kept inside a word (`don't`). Words are compared in
//! lowercase. Punctuation (`. , ; : ! ? ( )`, line breaks, dashes) ends a clause;
//! hyphens, slashes and other symbols only separate words.
//!
//! **Keywords.** Each keyword of the vocabulary is split the same way; it matches where
//! its words appear consecutively in one clause (`"not loading"` matches `The page is
//! NOT loading`; `"down"` does not match `download`; `"log-in"` matches `log in`).
//! Matching is exact per word: no stemming (`outages` does not match `outage`; list
//! both forms). Keyword `i` sets bit `i` of the mask; keywords past the 64th, or with no
//! word at all, never match.
//!
//! **Sentiment.** Each word found in a built-in lexicon of about 190 support words
//! contributes its weight (−3 … +3, e.g. `great` +2, `refund` −0.5, `outage` −2,
//! `unacceptable` −3), adjusted by its context:
//! - *negation*: a negator (`not`, `no`, `never`, `without`, any `…n't`, …) multiplies
//!   the weights of the next three words of its clause by −0.6 (`not bad` is mildly
//!   positive, `not good` mildly negative) and cancels intensifiers there;
//! - *intensifiers* (`very` ×1.5, `extremely` ×1.8, …) and *downtoners* (`slightly`
//!   ×0.5, …) scale the next lexicon word within two words; they multiply when chained;
//! - *emphasis*: a lexicon word in capitals (two letters or more, in a text that is not
//!   all capitals) counts ×1.5, and each exclamation mark (at most three) adds 15 % to
//!   the total.
//!
//! The total `s` is mapped to `[−1, 1]` by `s / √(s² + 16)`: one strong word (±3) gives
//! ±0.6, and further words push towards ±1 with diminishing effect. A text without
//! lexicon words scores 0.
//!
//! Limits: English only; no sarcasm, irony, contrast (`fine, but …` weighs both halves
//! equally) or domain senses (`down` is negative even in `scroll down`); negation is a
//! fixed window, not a parse. It is a transparent baseline, good at separating angry
//! from content customers, not a replacement for a trained model.

use std::collections::BTreeMap;

/// Emphasis of a lexicon word written in capitals.
const CAPS_FACTOR: f64 = 1.5;
/// Weight multiplier inside a negator's scope.
const NEGATION_FACTOR: f64 = -0.6;
/// Words after a negator that it reaches.
const NEGATION_SCOPE: u8 = 3;
/// Words after an intensifier within which it applies to a lexicon word.
const BOOST_SCOPE: u8 = 2;
/// Extra weight of the total per exclamation mark.
const EXCLAMATION_BOOST: f64 = 0.15;
/// Exclamation marks that count.
const MAX_EXCLAMATIONS: u32 = 3;
/// `α` of the normalisation `s / √(s² + α)`.
const ALPHA: f64 = 16.0;

/// The built-in lexicon: word and weight, sorted by word (binary search).
#[rustfmt::skip]
const LEXICON: &[(&str, f64)] = &[
    ("abysmal", -3.0), ("again", -0.5), ("amazing", 2.5), ("angry", -2.5),
    ("annoyed", -2.0), ("annoying", -2.0), ("appalling", -3.0), ("appreciate", 2.0),
    ("appreciated", 2.0), ("asap", -1.0), ("awesome", 2.5), ("awful", -3.0),
    ("bad", -2.0), ("beautiful", 2.0), ("best", 2.0), ("better", 1.0),
    ("blocked", -1.0), ("breach", -2.0), ("brilliant", 2.5), ("broke", -1.5),
    ("broken", -2.0), ("bug", -1.0), ("buggy", -1.5), ("bugs", -1.0),
    ("cancel", -1.5), ("cancelled", -1.0), ("cancelling", -1.5), ("chargeback", -2.0),
    ("charged", -0.5), ("cheers", 1.0), ("clear", 0.5), ("complain", -1.5),
    ("complaint", -1.5), ("concerned", -1.0), ("confused", -1.0), ("confusing", -1.5),
    ("crash", -2.0), ("crashed", -2.0), ("crashes", -2.0), ("crashing", -2.0),
    ("damaged", -1.5), ("dead", -2.0), ("declined", -1.0), ("defective", -2.0),
    ("delay", -1.0), ("delayed", -1.0), ("delighted", 3.0), ("denied", -1.5),
    ("difficult", -1.0), ("disappointed", -2.0), ("disappointing", -2.0), ("disaster", -3.0),
    ("disconnected", -1.0), ("disgusted", -3.0), ("down", -1.0), ("dreadful", -3.0),
    ("easy", 1.0), ("efficient", 1.5), ("error", -1.0), ("errors", -1.0),
    ("escalate", -1.0), ("excellent", 3.0), ("fail", -1.5), ("failed", -1.5),
    ("failing", -1.5), ("fails", -1.5), ("failure", -2.0), ("fantastic", 3.0),
    ("fast", 1.0), ("fault", -1.0), ("faulty", -1.5), ("fine", 0.5),
    ("fixed", 1.5), ("fraud", -2.5), ("freezes", -1.5), ("friendly", 1.5),
    ("frozen", -1.5), ("frustrated", -2.5), ("frustrating", -2.5), ("furious", -3.0),
    ("garbage", -3.0), ("glad", 1.5), ("glitch", -1.0), ("good", 1.5),
    ("grateful", 2.0), ("great", 2.0), ("hacked", -2.5), ("happy", 2.0),
    ("hassle", -1.5), ("hate", -3.0), ("helpful", 2.0), ("horrible", -3.0),
    ("ignored", -2.0), ("impossible", -1.5), ("impressed", 2.0), ("improved", 1.0),
    ("inaccurate", -1.0), ("incompetent", -3.0), ("incorrect", -1.0), ("incorrectly", -1.0),
    ("irritated", -2.0), ("issue", -0.5), ("issues", -0.5), ("joke", -1.5),
    ("kind", 1.0), ("lag", -1.0), ("laggy", -1.5), ("late", -1.0),
    ("lawyer", -2.0), ("leaving", -0.5), ("locked", -1.0), ("lost", -1.5),
    ("love", 2.5), ("lovely", 2.0), ("mad", -2.0), ("mess", -2.0),
    ("misleading", -2.0), ("missing", -1.0), ("nice", 1.5), ("nightmare", -3.0),
    ("ok", 0.5), ("okay", 0.5), ("outage", -2.0), ("outrageous", -3.0),
    ("outstanding", 3.0), ("overcharged", -2.0), ("pathetic", -3.0), ("patient", 1.0),
    ("perfect", 2.5), ("pleasant", 1.5), ("pleased", 2.0), ("poor", -2.0),
    ("problem", -1.0), ("problems", -1.0), ("professional", 1.5), ("prompt", 1.0),
    ("quick", 1.0), ("quickly", 1.0), ("recommend", 1.5), ("refund", -0.5),
    ("reliable", 1.5), ("resolved", 1.5), ("responsive", 1.5), ("ridiculous", -2.5),
    ("rude", -2.5), ("sad", -1.5), ("satisfied", 2.0), ("scam", -3.0),
    ("slow", -1.5), ("smooth", 1.0), ("smoothly", 1.0), ("solved", 1.5),
    ("sorted", 1.0), ("stable", 1.0), ("stuck", -1.5), ("success", 1.5),
    ("successful", 1.5), ("sucks", -2.5), ("superb", 3.0), ("terrible", -3.0),
    ("thank", 1.5), ("thankful", 2.0), ("thanks", 1.5), ("timeout", -1.0),
    ("unable", -1.0), ("unacceptable", -3.0), ("unavailable", -1.5), ("unfair", -2.0),
    ("unhappy", -2.0), ("unprofessional", -2.5), ("unreliable", -2.0), ("unresolved", -1.5),
    ("unusable", -2.5), ("upset", -2.0), ("urgent", -1.0), ("urgently", -1.0),
    ("useful", 1.5), ("useless", -2.5), ("waiting", -0.5), ("waste", -2.0),
    ("wasted", -2.0), ("welcome", 1.0), ("wonderful", 2.5), ("worked", 1.0),
    ("working", 0.5), ("works", 1.0), ("worried", -1.5), ("worse", -2.0),
    ("worst", -3.0), ("wrong", -1.5), ("yay", 2.0),
];

/// Words that negate the next words of their clause (besides any word ending `n't`).
#[rustfmt::skip]
const NEGATORS: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "didnt", "doesnt", "dont", "hardly",
    "hasnt", "havent", "isnt", "neither", "never", "no", "nobody", "none", "nor", "not",
    "nothing", "shouldnt", "wasnt", "werent", "without", "wont", "wouldnt",
];

/// Intensifiers and downtoners with their multipliers, sorted by word.
#[rustfmt::skip]
const BOOSTERS: &[(&str, f64)] = &[
    ("absolutely", 1.6), ("completely", 1.5), ("extremely", 1.8), ("fairly", 0.7),
    ("highly", 1.4), ("incredibly", 1.7), ("kinda", 0.6), ("really", 1.4),
    ("seriously", 1.4), ("slightly", 0.5), ("so", 1.3), ("somewhat", 0.6),
    ("super", 1.4), ("totally", 1.5), ("truly", 1.3), ("utterly", 1.8),
    ("very", 1.5),
];

/// What the text says, as the AI reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextFeatures {
    /// Keywords of the vocabulary the text mentions (mask).
    pub keywords: u64,
    /// Lexicon sentiment on `[-1, 1]`.
    pub sentiment: f32,
}

/// One word of a text.
#[derive(Clone, Copy, Debug)]
struct Token {
    /// Byte range in [`Tokens::lower`].
    start: usize,
    end: usize,
    /// Written in capitals (two letters or more, no lowercase letter).
    caps: bool,
    /// First word of a clause.
    clause_start: bool,
}

/// A text split into lowercase words.
#[derive(Debug, Default)]
struct Tokens {
    lower: String,
    tokens: Vec<Token>,
    exclamations: u32,
    /// Whether the text has any lowercase letter (else capitals are no emphasis).
    has_lowercase: bool,
}

impl Tokens {
    fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.lower[t.start..t.end]
    }

    fn new(text: &str) -> Tokens {
        let mut out = Tokens {
            lower: String::with_capacity(text.len()),
            tokens: Vec::new(),
            exclamations: 0,
            has_lowercase: false,
        };
        let mut chars = text.chars().peekable();
        let mut clause_start = true;
        let mut current: Option<Token> = None;
        let (mut upper, mut lower_letters) = (0usize, 0usize);
        while let Some(c) = chars.next() {
            let is_apostrophe = c == '\'' || c == '\u{2019}';
            let inside_word = is_apostrophe
                && current.is_some()
                && chars.peek().is_some_and(|n| n.is_alphanumeric());
            if c.is_alphanumeric() || inside_word {
                let tok = current.get_or_insert_with(|| {
                    upper = 0;
                    lower_letters = 0;
                    Token {
                        start: out.lower.len(),
                        end: out.lower.len(),
                        caps: false,
                        clause_start,
                    }
                });
                if is_apostrophe {
                    out.lower.push('\'');
                } else {
                    upper += usize::from(c.is_uppercase());
                    lower_letters += usize::from(c.is_lowercase());
                    out.lower.extend(c.to_lowercase());
                }
                tok.end = out.lower.len();
                continue;
            }
            if let Some(mut tok) = current.take() {
                tok.caps = upper >= 2 && lower_letters == 0;
                out.has_lowercase |= lower_letters > 0;
                out.tokens.push(tok);
                clause_start = false;
            }
            if c == '!' {
                out.exclamations += 1;
            }
            if matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '\n' | '\r' | '–' | '—'
            ) {
                clause_start = true;
            }
        }
        if let Some(mut tok) = current.take() {
            tok.caps = upper >= 2 && lower_letters == 0;
            out.has_lowercase |= lower_letters > 0;
            out.tokens.push(tok);
        }
        out
    }
}

/// Splits `s` into lowercase words, as the text is split.
fn words(s: &str) -> Vec<String> {
    let t = Tokens::new(s);
    (0..t.tokens.len()).map(|i| t.word(i).to_string()).collect()
}

/// Matches the scenario's keyword vocabulary in text (whole words and phrases, any
/// case).
#[derive(Clone, Debug, Default)]
pub struct KeywordMatcher {
    /// Each keyword's words and its bit.
    phrases: Vec<(Vec<String>, u64)>,
    /// First word → indexes into `phrases`.
    by_first: BTreeMap<String, Vec<usize>>,
}

impl KeywordMatcher {
    /// A matcher of `vocabulary` (keyword `i` sets bit `i`; at most 64 are used).
    pub fn new(vocabulary: &[String]) -> KeywordMatcher {
        let mut m = KeywordMatcher::default();
        for (i, kw) in vocabulary.iter().enumerate().take(64) {
            let w = words(kw);
            let Some(first) = w.first().cloned() else {
                continue;
            };
            m.by_first.entry(first).or_default().push(m.phrases.len());
            m.phrases.push((w, 1u64 << i));
        }
        m
    }

    /// The mask of the keywords `text` mentions.
    pub fn matches(&self, text: &str) -> u64 {
        self.mask(&Tokens::new(text))
    }

    /// The keywords and the lexicon sentiment of `text` (one pass of splitting).
    pub fn features(&self, text: &str) -> TextFeatures {
        let t = Tokens::new(text);
        TextFeatures {
            keywords: self.mask(&t),
            sentiment: score_tokens(&t),
        }
    }

    fn mask(&self, t: &Tokens) -> u64 {
        if self.phrases.is_empty() {
            return 0;
        }
        let mut mask = 0;
        for i in 0..t.tokens.len() {
            let Some(list) = self.by_first.get(t.word(i)) else {
                continue;
            };
            for &p in list {
                let (w, bit) = &self.phrases[p];
                let fits = i + w.len() <= t.tokens.len()
                    && w.iter().enumerate().skip(1).all(|(j, word)| {
                        !t.tokens[i + j].clause_start && t.word(i + j) == word.as_str()
                    });
                if fits {
                    mask |= bit;
                }
            }
        }
        mask
    }
}

/// The lexicon sentiment of `text` on `[-1, 1]` (0 without lexicon words).
pub fn sentiment(text: &str) -> f32 {
    score_tokens(&Tokens::new(text))
}

fn lexicon_weight(word: &str) -> Option<f64> {
    LEXICON
        .binary_search_by(|(w, _)| (*w).cmp(word))
        .ok()
        .map(|i| LEXICON[i].1)
}

fn booster(word: &str) -> Option<f64> {
    BOOSTERS
        .binary_search_by(|(w, _)| (*w).cmp(word))
        .ok()
        .map(|i| BOOSTERS[i].1)
}

fn is_negator(word: &str) -> bool {
    word.ends_with("n't") || NEGATORS.binary_search(&word).is_ok()
}

fn score_tokens(t: &Tokens) -> f32 {
    let mut total = 0.0;
    let mut negated: u8 = 0; // words still in a negator's scope
    let mut boost = 1.0;
    let mut boost_left: u8 = 0; // words within which the boost applies
    for (i, tok) in t.tokens.iter().enumerate() {
        if tok.clause_start {
            negated = 0;
            boost = 1.0;
            boost_left = 0;
        }
        let word = t.word(i);
        if is_negator(word) {
            negated = NEGATION_SCOPE;
            continue;
        }
        if let Some(m) = booster(word) {
            boost = if boost_left > 0 { boost * m } else { m };
            boost_left = BOOST_SCOPE;
            negated = negated.saturating_sub(1);
            continue;
        }
        if let Some(w) = lexicon_weight(word) {
            let mut v = w;
            if negated > 0 {
                v *= NEGATION_FACTOR;
            } else if boost_left > 0 {
                v *= boost;
            }
            if tok.caps && t.has_lowercase {
                v *= CAPS_FACTOR;
            }
            total += v;
            boost_left = 0;
        } else {
            boost_left = boost_left.saturating_sub(1);
        }
        negated = negated.saturating_sub(1);
    }
    total *= 1.0 + EXCLAMATION_BOOST * f64::from(t.exclamations.min(MAX_EXCLAMATIONS));
    (total / (total * total + ALPHA).sqrt()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> KeywordMatcher {
        let vocab = ["outage", "down", "not loading", "refund", "log-in", "2FA"];
        KeywordMatcher::new(&vocab.map(String::from))
    }

    const OUTAGE: u64 = 1 << 0;
    const DOWN: u64 = 1 << 1;
    const NOT_LOADING: u64 = 1 << 2;
    const REFUND: u64 = 1 << 3;
    const LOGIN: u64 = 1 << 4;
    const TWO_FA: u64 = 1 << 5;

    #[test]
    fn tables_are_sorted_unique_and_in_range() {
        for w in LEXICON.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for w in BOOSTERS.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for w in NEGATORS.windows(2) {
            assert!(w[0] < w[1], "{} before {}", w[0], w[1]);
        }
        assert!(LEXICON.len() >= 150, "{} words", LEXICON.len());
        for (w, v) in LEXICON {
            assert!((-3.0..=3.0).contains(v) && *v != 0.0, "{w}");
            assert_eq!(words(w), vec![w.to_string()], "{w} is one lowercase word");
            assert!(booster(w).is_none() && !is_negator(w), "{w} in two tables");
        }
    }

    #[test]
    fn outage_complaint_is_negative_and_matches_its_keywords() {
        let text = "The dashboard is down again, this outage is unacceptable!";
        let f = matcher().features(text);
        assert_eq!(f.keywords, OUTAGE | DOWN);
        // down −1, again −0.5, outage −2, unacceptable −3 = −6.5; one '!' ×1.15.
        let s = -6.5 * 1.15;
        let expected = s / (s * s + 16.0f64).sqrt();
        assert!(
            (f64::from(f.sentiment) - expected).abs() < 1e-6,
            "{}",
            f.sentiment
        );
        assert!(f.sentiment < -0.8);
    }

    #[test]
    fn thanks_is_positive() {
        let s = sentiment("Thanks, that worked great");
        // thanks 1.5 + worked 1 + great 2 = 4.5 → 4.5 / √(20.25 + 16) ≈ 0.747.
        assert!((f64::from(s) - 4.5 / 36.25f64.sqrt()).abs() < 1e-6, "{s}");
        assert!(sentiment("Really appreciate the quick fix, you were very helpful.") > 0.5);
    }

    #[test]
    fn negation_flips_the_next_words() {
        // bad −2 × −0.6 = 1.2 → 1.2 / √(1.44 + 16) ≈ 0.287.
        let not_bad = f64::from(sentiment("not bad at all"));
        assert!((not_bad - 1.2 / 17.44f64.sqrt()).abs() < 1e-6, "{not_bad}");
        assert!(sentiment("This is not good") < 0.0);
        assert!(sentiment("It still doesn't work and is not fixed") < 0.0);
        assert!(sentiment("no problem, thanks") > 0.0);
        // The scope ends at the clause: "great" keeps its sign.
        assert!(sentiment("not sure why, but great") > 0.0);
        // Three words at most: "happy" is out of reach.
        assert_eq!(
            sentiment("not that it matters happy"),
            sentiment("happy"),
            "scope of three words"
        );
        // Curly apostrophes negate too.
        assert!(sentiment("isn\u{2019}t good") < 0.0);
    }

    #[test]
    fn intensifiers_and_emphasis_strengthen() {
        let plain = sentiment("the app is slow");
        let very = sentiment("the app is very slow");
        let extremely = sentiment("the app is extremely slow");
        let slightly = sentiment("the app is slightly slow");
        assert!(extremely < very && very < plain && plain < slightly && slightly < 0.0);
        assert!(sentiment("the app is SLOW") < plain);
        assert!(sentiment("the app is slow!!!") < sentiment("the app is slow!"));
        // An all-capitals text is not emphasis.
        assert_eq!(sentiment("THE APP IS SLOW"), plain);
        // Out of the booster's reach (two words): no effect.
        assert_eq!(sentiment("very much the app is slow"), plain);
    }

    #[test]
    fn neutral_text_scores_zero_and_scores_stay_in_range() {
        assert_eq!(
            sentiment("Please reset the password for account 1234."),
            0.0
        );
        assert_eq!(sentiment(""), 0.0);
        let rant = "terrible awful horrible worst useless garbage!!! ".repeat(50);
        let s = sentiment(&rant);
        assert!((-1.0..-0.99).contains(&s), "{s}");
        let praise = "excellent fantastic superb ".repeat(50);
        assert!((0.99..=1.0).contains(&sentiment(&praise)));
    }

    #[test]
    fn keywords_match_whole_words_and_phrases_in_any_case() {
        let m = matcher();
        assert_eq!(m.matches("Cannot download the invoice"), 0);
        assert_eq!(m.matches("Site DOWN since 9am"), DOWN);
        assert_eq!(m.matches("down-time"), DOWN);
        assert_eq!(m.matches("The page is NOT loading"), NOT_LOADING);
        assert_eq!(m.matches("not, loading"), 0, "a phrase stays in its clause");
        assert_eq!(m.matches("it's not really loading"), 0);
        assert_eq!(m.matches("Refund please"), REFUND);
        assert_eq!(m.matches("Outages everywhere"), 0, "no stemming");
        assert_eq!(m.matches("can't log in"), LOGIN);
        assert_eq!(m.matches("Log-in fails"), LOGIN);
        assert_eq!(m.matches("my 2fa code"), TWO_FA);
        assert_eq!(
            m.matches("Outage: everything is down and not loading; refund?"),
            OUTAGE | DOWN | NOT_LOADING | REFUND
        );
        assert_eq!(KeywordMatcher::new(&[]).matches("outage"), 0);
        assert_eq!(KeywordMatcher::new(&["!!".to_string()]).matches("!!"), 0);
    }

    #[test]
    fn tokens_keep_inner_apostrophes_and_mark_clauses() {
        let t = Tokens::new("Don't 'quote' me, O\u{2019}Brien—ok");
        let w: Vec<&str> = (0..t.tokens.len()).map(|i| t.word(i)).collect();
        assert_eq!(w, ["don't", "quote", "me", "o'brien", "ok"]);
        let starts: Vec<bool> = t.tokens.iter().map(|x| x.clause_start).collect();
        assert_eq!(starts, [true, false, false, true, true]);
    }
}
