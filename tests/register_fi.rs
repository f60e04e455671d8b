//! Finnish address detection (sinuttelu / teitittely) through the public API: realistic
//! customer-service sentences in both registers, colloquial forms, and the traps that look like
//! second person but are not.

use savy::check::register_fi::FinnishAddress;
use savy::voice::Register;
use std::ops::Range;

/// The evidence of a whole text taken as one sentence, as (word, register).
fn evidence(text: &str) -> Vec<(&str, Register)> {
    FinnishAddress::shipped()
        .evidence(text, 0..text.len())
        .into_iter()
        .map(|(r, reg)| (&text[r], reg))
        .collect()
}

fn words(text: &str, register: Register) -> Vec<&str> {
    evidence(text)
        .into_iter()
        .filter(|(_, r)| *r == register)
        .map(|(w, _)| w)
        .collect()
}

#[track_caller]
fn informal(text: &str, expected: &[&str]) {
    assert_eq!(
        evidence(text),
        expected
            .iter()
            .map(|w| (*w, Register::Informal))
            .collect::<Vec<_>>(),
        "{text}"
    );
}

#[track_caller]
fn formal(text: &str, expected: &[&str]) {
    assert_eq!(
        evidence(text),
        expected
            .iter()
            .map(|w| (*w, Register::Formal))
            .collect::<Vec<_>>(),
        "{text}"
    );
}

#[track_caller]
fn neutral(text: &str) {
    assert_eq!(evidence(text), Vec::new(), "{text}");
}

/// The byte range of the `n`th (0-based) occurrence of `word` in `text`.
fn at(text: &str, word: &str, n: usize) -> Range<usize> {
    let start = text.match_indices(word).nth(n).unwrap().0;
    start..start + word.len()
}

#[test]
fn sinuttelu_in_customer_service() {
    informal("Voit tilata tuotteet suoraan verkkokaupastamme.", &["Voit"]);
    informal(
        "Tilauksesi on lähetetty ja saapuu huomenna.",
        &["Tilauksesi"],
    );
    informal("Kiitos viestistäsi!", &["viestistäsi"]);
    informal(
        "Hyvitys näkyy tililläsi muutaman pankkipäivän kuluessa.",
        &["tililläsi"],
    );
    informal("Lähetimme kuitin sähköpostiisi.", &["sähköpostiisi"]);
    informal(
        "Ota meihin yhteyttä, jos sinulla on kysyttävää.",
        &["Ota", "sinulla"],
    );
    informal(
        "Soita asiakaspalveluumme tai lähetä viesti.",
        &["Soita", "lähetä"],
    );
    informal(
        "Jos haluat peruuttaa tilauksen, kerro siitä meille.",
        &["haluat", "kerro"],
    );
    informal(
        "Voisitko lähettää kuvan vaurioituneesta pakkauksesta?",
        &["Voisitko"],
    );
    informal("Et voi enää muuttaa tilausta.", &["Et"]);
    informal("Etkö saanut vahvistusta?", &["Etkö"]);
    informal("Älä huoli, hoidamme asian.", &["Älä"]);
    informal("Muistathan maksaa laskun ajoissa.", &["Muistathan"]);
    informal("Löydät ohjeet kotisivuiltamme.", &["Löydät"]);
    informal("Olet tervetullut myymäläämme.", &["Olet"]);
    informal("Saat hyvityksen viiden pankkipäivän kuluessa.", &["Saat"]);
    informal("Kiitos, että valitsit meidät.", &["valitsit"]);
    informal(
        "Halutessasi voit myös noutaa paketin myymälästä.",
        &["Halutessasi", "voit"],
    );
    informal(
        "Tarkista salasanasi ja kirjaudu uudelleen.",
        &["Tarkista", "salasanasi", "kirjaudu"],
    );
    informal("Kuinka sinä jaksat?", &["sinä", "jaksat"]);
    informal("Tämä on sinun vikasi, ei meidän.", &["sinun", "vikasi"]);
    informal("Lainasi eräpäivä on kuun lopussa.", &["Lainasi"]);
    informal("Kirjasi on minulla.", &["Kirjasi"]);
}

#[test]
fn teitittely_in_customer_service() {
    formal(
        "Voitte tilata tuotteet suoraan verkkokaupastamme.",
        &["Voitte"],
    );
    formal("Tilauksenne on lähetetty.", &["Tilauksenne"]);
    formal("Kiitos yhteydenotostanne.", &["yhteydenotostanne"]);
    formal("Ottakaa yhteyttä asiakaspalveluumme.", &["Ottakaa"]);
    formal("Ette voi enää muuttaa tilausta.", &["Ette"]);
    formal("Älkää epäröikö ottaa yhteyttä.", &["Älkää"]);
    formal("Voisitteko lähettää meille kuitin?", &["Voisitteko"]);
    formal("Olette tilannut seuraavat tuotteet.", &["Olette"]);
    formal(
        "Hyvitys näkyy tilillänne kolmen pankkipäivän kuluessa.",
        &["tilillänne"],
    );
    formal("Kertokaa, miten voimme auttaa.", &["Kertokaa"]);
    formal(
        "Tervetuloa, te olette täällä ensimmäistä kertaa!",
        &["te", "olette"],
    );
}

#[test]
fn capitalised_te_is_the_polite_pronoun() {
    formal("Kiitämme Teitä luottamuksesta.", &["Teitä"]);
    formal("Lähetämme Teille uuden salasanan.", &["Teille"]);
    formal(
        "Teidän tilauksenne on vahvistettu.",
        &["Teidän", "tilauksenne"],
    );
    formal("Toivomme, että Te olette tyytyväinen.", &["Te", "olette"]);
    // Lower case too.
    formal("Pyydämme teitä maksamaan laskun.", &["teitä"]);
}

#[test]
fn colloquial_forms() {
    informal("Sä oot ihan paras!", &["Sä", "oot"]);
    informal("Onks sulla aikaa huomenna?", &["sulla"]);
    informal("Ootsä jo kotona?", &["Ootsä"]);
    informal("Otaksä kahvia?", &["Otaksä"]);
    informal("Haluisitsä lähtee?", &["Haluisitsä"]);
    informal("Voi helvetti sun kanssas.", &["sun", "kanssas"]);
    informal("Sun takias mä tätä teen.", &["Sun", "takias"]);
    informal("No antaisiks sä kympin.", &["sä"]);
    informal("Tiiäks mitä?", &["Tiiäks"]);
    neutral("Oliks se kiva?");
    informal("Tules tänne!", &["Tules"]);
    informal("Otapas nyt rauhallisesti.", &["Otapas"]);
    formal("Ootteko te jo syöneet?", &["Ootteko", "te"]);
    formal("Kokeilkaas tätä.", &["Kokeilkaas"]);
}

#[test]
fn verb_forms_with_clitics_and_conditionals() {
    informal("Voitko auttaa?", &["Voitko"]);
    informal(
        "Tiedäthän, että voit soittaa milloin vain.",
        &["Tiedäthän", "voit"],
    );
    informal("Taidatkin olla oikeassa.", &["Taidatkin"]);
    informal("Haluaisitko tilata uutiskirjeemme?", &["Haluaisitko"]);
    informal("Olisit kertonut aiemmin.", &["Olisit"]);
    formal("Haluaisitteko tilata uutiskirjeemme?", &["Haluaisitteko"]);
    formal(
        "Tiedättehän, että voitte soittaa milloin vain.",
        &["Tiedättehän", "voitte"],
    );
    formal("Varmistanette, että osoite on oikein.", &["Varmistanette"]);
}

#[test]
fn imperatives_of_both_kinds() {
    informal(
        "Lisää tuote ostoskoriin ja siirry kassalle.",
        &["Lisää", "siirry"],
    );
    informal("Tilaa nyt ja säästä 20 prosenttia!", &["Tilaa", "säästä"]);
    informal(
        "Leikkaa sipuli ja kuullota se öljyssä.",
        &["Leikkaa", "kuullota"],
    );
    informal("Anna taikinan kohota puoli tuntia.", &["Anna"]);
    informal("Muista tarkistaa osoite.", &["Muista"]);
    formal("Lisätkää tuote ostoskoriin.", &["Lisätkää"]);
    formal("Olkaa hyvä ja istukaa.", &["Olkaa", "istukaa"]);
}

#[test]
fn evidence_ranges_point_at_the_words() {
    let text = "Hei! Kiitos viestistäsi. Voit seurata tilaustasi täällä.";
    let found = FinnishAddress::shipped().evidence(text, 0..text.len());
    assert_eq!(
        found,
        vec![
            (at(text, "viestistäsi", 0), Register::Informal),
            (at(text, "Voit", 0), Register::Informal),
            (at(text, "tilaustasi", 0), Register::Informal),
        ]
    );
    for (r, _) in &found {
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
}

#[test]
fn only_the_given_sentence_is_read() {
    let text = "Tilaus on lähetetty. Voitte noutaa sen huomenna. Kiitos tilauksestasi!";
    let fi = FinnishAddress::shipped();
    let first = 0..text.find(" Voitte").unwrap();
    assert_eq!(fi.evidence(text, first), Vec::new());
    let second = text.find("Voitte").unwrap()..text.find(" Kiitos").unwrap();
    assert_eq!(
        fi.evidence(text, second),
        vec![(at(text, "Voitte", 0), Register::Formal)]
    );
    let third = text.find("Kiitos").unwrap()..text.len();
    assert_eq!(
        fi.evidence(text, third),
        vec![(at(text, "tilauksestasi", 0), Register::Informal)]
    );
    // An empty or reversed range, and one off the text, give nothing.
    assert_eq!(fi.evidence(text, 5..5), Vec::new());
    assert_eq!(fi.evidence(text, 0..text.len() + 10), Vec::new());
}

#[test]
fn multibyte_text_keeps_char_boundaries() {
    // Precomposed (NFC) letters, an emoji and a non-breaking space before the word.
    let text = "Ääkköset 😊 ovat\u{a0}tärkeitä, älä unohda niitä – kiitos yhteydenotostanne.";
    let found = FinnishAddress::shipped().evidence(text, 0..text.len());
    assert_eq!(
        found,
        vec![
            (at(text, "älä", 0), Register::Informal),
            (at(text, "yhteydenotostanne", 0), Register::Formal),
        ]
    );
    for (r, _) in &found {
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
}

#[test]
fn a_mixed_sentence_has_both() {
    let text = "Voit tilata heti, ja lähetämme Teille vahvistuksen.";
    assert_eq!(words(text, Register::Informal), ["Voit"]);
    assert_eq!(words(text, Register::Formal), ["Teille"]);
}

#[test]
fn plural_nouns_in_t_are_no_verbs() {
    neutral("Tuotteet ja kiitokset toimitetaan samassa paketissa.");
    neutral("Kiitokset kaikille osallistujille!");
    neutral("Nuotion tulet paloivat myöhään yöhön.");
    neutral("Voit ja juustot ovat kallistuneet kaupoissa.");
    neutral("Ajat ovat muuttuneet.");
    neutral("Maataloustuet ovat nousseet keskustelun aiheeksi.");
    neutral("Loput rahat lahjoitettiin hyväntekeväisyyteen.");
    neutral("Vaalit pidetään huhtikuussa.");
    // The same forms are verbs when a verb follows or a conjunction opens the clause.
    informal("Voit myös maksaa osissa.", &["Voit"]);
    informal("Kun tulet käymään, ota kuitti mukaan.", &["tulet", "ota"]);
}

#[test]
fn words_in_si_that_are_no_possessives() {
    neutral("Kaksi uutta tuotetta tuli myyntiin.");
    neutral("Uusi versio julkaistaan ensi viikolla.");
    neutral("Vesi nousi kellariin.");
    neutral("Käsi kädessä he kävelivät rantaan.");
    neutral("Vuosi vaihtui rauhallisesti.");
    neutral("Susi nähtiin kylän laidalla.");
    neutral("Kuusi kuukautta myöhemmin hän palasi.");
    neutral("Tilivuosi päättyy joulukuussa.");
    neutral("Poliisi tutkii tapausta.");
    neutral("Kriisi syveni nopeasti.");
    neutral("Esimerkiksi lisäksi miksi siksi.");
    // 3rd person past and conditional forms.
    neutral("Asiakas tilasi tuotteen verkkokaupasta eilen.");
    neutral("Hän kirjasi asian, joka on tärkeä.");
    neutral("Se, mitä hän halusi, on selvää.");
    neutral("Hän halusi tulla lentäjäksi.");
    neutral("Mies löysi lompakkonsa ja pyysi anteeksi.");
    neutral("Se olisi pitänyt tehdä aiemmin.");
    neutral("Hän julkaisi kirjan viime vuonna.");
    // The past of a verb the lexicon does not know: nothing beside it says 2nd person.
    neutral("Luotijuna törmäsi kuorma-autoon Ranskassa.");
    neutral("Sisko tekstasi minulle illalla.");
}

#[test]
fn words_in_nne_that_are_no_possessives() {
    neutral("Tänne saapuu vuosittain tuhansia matkailijoita.");
    neutral("Sinne ei ole enää asiaa.");
    neutral("Minne ikinä menenkin, muistan kotini.");
    neutral("Kunne he menivätkin, he löysivät ystäviä.");
    neutral("Tilanne on nyt rauhoittunut.");
    neutral("Liikenne ruuhkautui pahasti aamulla.");
    neutral("Hänen asenteensa on myönteinen ja luonne rauhallinen.");
    neutral("Terveystilanne on parantunut.");
    neutral("En luvanne mitään.");
}

#[test]
fn partitives_and_other_look_alikes() {
    neutral("Taakkaa on kevennettävä.");
    neutral("Ruokaa riitti kaikille.");
    neutral("Matkaa oli vielä paljon jäljellä.");
    neutral("Tilaa on riittävästi kaikille.");
    neutral("Lisää tietoa löytyy yhdistyksen kotisivuilta.");
    neutral("Muista maista tulleet turistit ihailivat maisemia.");
    neutral("Tunne oli uskomaton.");
    neutral("Anna ja Pekka muuttivat Tampereelle.");
    neutral("Tulosta riippumatta joukkue jatkaa.");
    neutral("Sähkökatko pimensi koko kaupunginosan.");
    neutral("Teko oli harkittu.");
}

#[test]
fn negation_takes_its_connegative() {
    neutral("Ei ole mitään syytä huoleen.");
    neutral("En tiedä, mitä huomenna tapahtuu.");
    neutral("Ei tarvitse miettiä, kaikki on hoidettu.");
    neutral("Emme ole vielä saaneet vastausta.");
    neutral("Ei se kokouspalkkio niin suuri ole, että sitä kannattaisi tehdä.");
    neutral("Jollei muuta ilmene, asia on selvä.");
    neutral("He eivät iloitse ja juhli.");
    neutral("Eivätkö olekin kivat?");
}

#[test]
fn colloquial_et_is_etta() {
    neutral("Se sano et ei se mitään.");
    neutral("Mä sanoin sille et mä en tuu huomenna.");
    neutral("Ne kysy et onks meillä aikaa.");
    neutral("Virtanen et al. totesivat saman.");
    // …but `et` before a connegative is the 2sg negation verb.
    informal("Et saa kertoa kenellekään.", &["Et"]);
    informal("Näine ajatuksineni et erottaisi minua.", &["et"]);
    informal("Et ole yksin.", &["Et"]);
}

#[test]
fn particles_and_interjections() {
    neutral("Kuule, en minä sitä tarkoittanut.");
    neutral("Voi ei, taas sataa.");
    neutral("Voi olla, että kokous siirtyy.");
    neutral("Saa nähdä, miten tässä käy.");
    neutral("Käy ilmi, että suunnitelma oli tehty jo aiemmin.");
    neutral("Tuo kirja on minun.");
}

#[test]
fn roads_tea_and_weather() {
    neutral("Teitä pitkin kulki kuormarekkoja koko päivän.");
    neutral("Pienille teille ei kannata lähteä talvella.");
    neutral("Tee on parasta kuumana.");
    neutral("Sää on huomenna pilvinen.");
    neutral("Huonon sään vuoksi lento peruttiin.");
    // `sää` for `sinä` next to other evidence.
    informal("Jumalauta poika sää kuolet nyt.", &["sää", "kuolet"]);
}

#[test]
fn colloquial_past_after_a_subject_is_no_imperative() {
    neutral("Se sano, että huomenna sataa.");
    neutral("Joku kysy multa eilen samaa.");
    neutral("Sinä päivänä satoi lunta.");
}

#[test]
fn names_are_no_imperatives_or_possessives() {
    neutral("Kolmannen maalin teki Emmanuel Petit.");
    neutral("Kappaleessa Vie minut on hieno kertosäe.");
    neutral("Hän osti asunnon Desi Arnazilta.");
    neutral("Tapasimme Annen ja Pasin eilen.");
}

#[test]
fn lexicon_errors_say_where() {
    let err = FinnishAddress::from_toml("[pronouns]\ninformal = [\"sinä\"\n")
        .err()
        .unwrap();
    assert!(err.starts_with("2:") || err.starts_with("3:"), "{err}");
    let shipped = include_str!("../rules/register/fi.toml");
    let bad = shipped.replacen("\"sinä\", \"sinun\"", "\"Sinä\", \"sinun\"", 1);
    let err = FinnishAddress::from_toml(&bad).err().unwrap();
    assert!(err.contains("lower case"), "{err}");
    let line = bad[..bad.find("\"Sinä\"").unwrap()].lines().count();
    assert!(err.starts_with(&format!("{line}:")), "{err}");
    let extra = format!("{shipped}\n[surprise]\nx = 1\n");
    let err = FinnishAddress::from_toml(&extra).err().unwrap();
    assert!(err.contains("surprise"), "{err}");
    assert!(FinnishAddress::from_toml(shipped).is_ok());
}

#[test]
fn any_range_of_any_text_is_safe() {
    let texts = [
        "Älä, ette – sinä! Teitä? ’Voitteko’ tilauksesi:kin -si -nne -tte kaas ks sä",
        "et et et voi ei ole älkää ottakaa 😊\u{301}e\u{308}tkö tilaukse\u{301}si",
        "Ⅻ ǅ İstanbul ΣΊΣΥΦΟΣ ß 123:si EU:n sinun-tilauksesi \u{feff}\u{200b}",
        "",
        " ",
    ];
    let fi = FinnishAddress::shipped();
    for text in texts {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (a, &start) in bounds.iter().enumerate() {
            for &end in &bounds[a..] {
                for (r, _) in fi.evidence(text, start..end) {
                    assert!(start <= r.start && r.end <= end, "{text:?} {start}..{end}");
                    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                }
            }
        }
        // Ranges that are not on character boundaries give nothing rather than panic.
        if let Some(i) = (1..text.len()).find(|&i| !text.is_char_boundary(i)) {
            assert!(fi.evidence(text, i..text.len()).is_empty());
        }
    }
}

/// `voit`/`tulet` before a verb whose infinitive and 3sg are the same word (`palauttaa`,
/// `maksaa`) was read as a plural noun and its verb; a plural subject would take `palauttavat`.
#[test]
fn regression_voit_before_an_infinitive_that_looks_like_3sg() {
    informal("Voit palauttaa tuotteen.", &["Voit"]);
    informal("Voit maksaa laskun myöhemmin.", &["Voit"]);
    neutral("Voit ovat pöydällä.");
    neutral("Tuet ovat pienentyneet.");
}
