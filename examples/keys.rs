//! Prints the name keys shimoda gives each word, and for each pair of words
//! of different scripts whether their keys meet:
//! `cargo run --release --example keys -- Newton Ньютон 뉴턴 ニュートン`.
use shimoda::analyze::script::script_of;
use shimoda::analyze::translit::{fine_score, is_ordinary_korean, key_variants, spelling_script};

fn main() {
    let words: Vec<String> = std::env::args().skip(1).collect();
    if words == ["-"] {
        // Pairs from standard input, one `a<TAB>b` per line.
        for line in std::io::stdin().lines().map_while(Result::ok) {
            if let Some((a, b)) = line.split_once('\t') {
                println!("{line}\t{}", meet(a, b));
            }
        }
        return;
    }
    if words.is_empty() {
        eprintln!("usage: keys WORD...");
        std::process::exit(2);
    }
    for word in &words {
        let keys: Vec<String> = key_variants(word)
            .iter()
            .map(|k| format!("{}/{}", k.coarse, k.fine))
            .collect();
        println!("{word}: {}", keys.join(" "));
    }
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            println!("{a} {b}: {}", meet(a, b));
        }
    }
}

/// The best distance (+ vowel detail) at which two words' keys meet, or `x`.
fn meet(a: &str, b: &str) -> String {
    let scripts = [first_script(a), first_script(b)];
    let strict = is_ordinary_korean(a) || is_ordinary_korean(b);
    let best = key_variants(a)
        .iter()
        .flat_map(|x| key_variants(b).into_iter().map(move |y| (x.clone(), y)))
        .filter_map(|(x, y)| {
            fine_score(&x.fine, &y.fine, scripts, strict).map(|d| (d, x.fine, y.fine))
        })
        .min();
    match best {
        Some((c, x, y)) => format!("{}+{} ({x} {y})", c.distance, c.detail),
        None => {
            let all = |w: &str| {
                key_variants(w)
                    .iter()
                    .map(|k| k.fine.clone())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            format!("x [{}] [{}]", all(a), all(b))
        }
    }
}

fn first_script(word: &str) -> shimoda::analyze::script::Script {
    spelling_script(word)
        .or_else(|| word.chars().find_map(script_of))
        .expect("a word")
}
