"""Place names for the matcher's place agreement: countries (with their demonyms), US states, UK nations
and major cities, each knowing what it lies in, so "Chicago" agrees with "Illinois" and with "the US" but
not with "Texas" or "Leeds".

Plain data, lower case, one place per line: ``id: name, other name, ... > parent``. Not exhaustive: a
place missing here is only not compared (two claims that differ by an unlisted town are still told apart
by their other words, just not vetoed).
"""

from __future__ import annotations

import re

_COUNTRIES = """
us: united states, united states of america, usa, u.s., u.s.a., us, america, american, americans
uk: united kingdom, u.k., uk, britain, great britain, british, briton, britons
afghanistan: afghanistan, afghan, afghans
albania: albania, albanian
algeria: algeria, algerian
argentina: argentina, argentine, argentinian
armenia: armenia, armenian
australia: australia, australian, australians
austria: austria, austrian
azerbaijan: azerbaijan, azerbaijani
bahrain: bahrain
bangladesh: bangladesh, bangladeshi
belarus: belarus, belarusian
belgium: belgium, belgian
bolivia: bolivia, bolivian
bosnia: bosnia, bosnian, bosnia and herzegovina
brazil: brazil, brazilian, brazilians
bulgaria: bulgaria, bulgarian
cambodia: cambodia, cambodian
cameroon: cameroon, cameroonian
canada: canada, canadian, canadians
chile: chile, chilean
china: china, chinese, prc
colombia: colombia, colombian
congo: congo, congolese, drc
costa rica: costa rica, costa rican
croatia: croatia, croatian
cuba: cuba, cuban, cubans
cyprus: cyprus, cypriot
czechia: czechia, czech republic, czech
denmark: denmark, danish, dane, danes
dominican republic: dominican republic
ecuador: ecuador, ecuadorian
egypt: egypt, egyptian, egyptians
el salvador: el salvador, salvadoran
estonia: estonia, estonian
ethiopia: ethiopia, ethiopian
finland: finland, finnish
france: france, french
georgia-country: tbilisi
germany: germany, german, germans
ghana: ghana, ghanaian
greece: greece, greek, greeks
guatemala: guatemala, guatemalan
haiti: haiti, haitian, haitians
honduras: honduras, honduran
hungary: hungary, hungarian
iceland: iceland, icelandic
india: india, indian, indians
indonesia: indonesia, indonesian
iran: iran, iranian, iranians
iraq: iraq, iraqi, iraqis
ireland: ireland, irish, republic of ireland
israel: israel, israeli, israelis
italy: italy, italian, italians
ivory coast: ivory coast, cote d'ivoire, ivorian
jamaica: jamaica, jamaican
japan: japan, japanese
jordan: jordan, jordanian
kazakhstan: kazakhstan, kazakh
kenya: kenya, kenyan
kosovo: kosovo
kuwait: kuwait, kuwaiti
latvia: latvia, latvian
lebanon: lebanon, lebanese
libya: libya, libyan
lithuania: lithuania, lithuanian
luxembourg: luxembourg
malaysia: malaysia, malaysian
mali: mali, malian
malta: malta, maltese
mexico: mexico, mexican, mexicans
moldova: moldova, moldovan
mongolia: mongolia, mongolian
montenegro: montenegro
morocco: morocco, moroccan
mozambique: mozambique
myanmar: myanmar, burma, burmese
namibia: namibia, namibian
nepal: nepal, nepalese
netherlands: netherlands, holland, dutch
new zealand: new zealand, new zealander
nicaragua: nicaragua, nicaraguan
niger: niger
nigeria: nigeria, nigerian, nigerians
north korea: north korea, north korean, dprk
north macedonia: north macedonia, macedonia, macedonian
norway: norway, norwegian
oman: oman
pakistan: pakistan, pakistani
palestine: palestine, palestinian, palestinians, west bank, gaza
panama: panama, panamanian
paraguay: paraguay
peru: peru, peruvian
philippines: philippines, filipino, filipinos, philippine
poland: poland, polish, poles
portugal: portugal, portuguese
puerto rico: puerto rico, puerto rican
qatar: qatar, qatari
romania: romania, romanian
russia: russia, russian, russians, russian federation
rwanda: rwanda, rwandan
saudi arabia: saudi arabia, saudi, saudis
senegal: senegal, senegalese
serbia: serbia, serbian
singapore: singapore
slovakia: slovakia, slovak
slovenia: slovenia, slovenian
somalia: somalia, somali, somalis
south africa: south africa, south african
south korea: south korea, south korean, korea
south sudan: south sudan
spain: spain, spanish
sri lanka: sri lanka, sri lankan
sudan: sudan, sudanese
sweden: sweden, swedish, swede, swedes
switzerland: switzerland, swiss
syria: syria, syrian, syrians
taiwan: taiwan, taiwanese
tanzania: tanzania, tanzanian
thailand: thailand, thai
tunisia: tunisia, tunisian
turkey: turkey, turkish, turkiye
uganda: uganda, ugandan
ukraine: ukraine, ukrainian, ukrainians
united arab emirates: united arab emirates, uae, emirati
uruguay: uruguay
uzbekistan: uzbekistan
venezuela: venezuela, venezuelan, venezuelans
vietnam: vietnam, vietnamese
yemen: yemen, yemeni
zambia: zambia
zimbabwe: zimbabwe, zimbabwean
"""

_UK = """
england: england, english > uk
scotland: scotland, scottish, scots > uk
wales: wales, welsh > uk
northern ireland: northern ireland > uk
"""

_US_STATES = """
alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware, florida, georgia, hawaii,
idaho, illinois, indiana, iowa, kansas, kentucky, louisiana, maine, maryland, massachusetts, michigan,
minnesota, mississippi, missouri, montana, nebraska, nevada, new hampshire, new jersey, new mexico,
new york state, north carolina, north dakota, ohio, oklahoma, oregon, pennsylvania, rhode island,
south carolina, south dakota, tennessee, texas, utah, vermont, virginia, washington state, west virginia,
wisconsin, wyoming
"""

_CITIES = """
new york: new york, new york city, nyc, manhattan, brooklyn > us
los angeles: los angeles > california
chicago: chicago > illinois
houston: houston > texas
dallas: dallas > texas
austin: austin > texas
san antonio: san antonio > texas
phoenix: phoenix > arizona
philadelphia: philadelphia > pennsylvania
pittsburgh: pittsburgh > pennsylvania
san diego: san diego > california
san francisco: san francisco > california
seattle: seattle > washington state
denver: denver > colorado
boston: boston > massachusetts
detroit: detroit > michigan
atlanta: atlanta > georgia
miami: miami > florida
orlando: orlando > florida
tampa: tampa > florida
baltimore: baltimore > maryland
milwaukee: milwaukee > wisconsin
minneapolis: minneapolis > minnesota
st. louis: st. louis, saint louis > missouri
kansas city: kansas city > missouri
las vegas: las vegas > nevada
portland: portland > oregon
nashville: nashville > tennessee
memphis: memphis > tennessee
new orleans: new orleans > louisiana
cleveland: cleveland > ohio
columbus: columbus > ohio
cincinnati: cincinnati > ohio
charlotte: charlotte > north carolina
washington dc: washington dc, washington d.c., d.c., district of columbia > us
london: london > england
manchester: manchester > england
birmingham: birmingham > england
liverpool: liverpool > england
leeds: leeds > england
bradford: bradford > england
sheffield: sheffield > england
bristol: bristol > england
newcastle: newcastle > england
nottingham: nottingham > england
leicester: leicester > england
edinburgh: edinburgh > scotland
glasgow: glasgow > scotland
cardiff: cardiff > wales
belfast: belfast > northern ireland
dublin: dublin > ireland
paris: paris > france
marseille: marseille > france
lyon: lyon > france
berlin: berlin > germany
munich: munich > germany
hamburg: hamburg > germany
frankfurt: frankfurt > germany
cologne: cologne > germany
madrid: madrid > spain
barcelona: barcelona > spain
rome: rome > italy
milan: milan > italy
naples: naples > italy
lisbon: lisbon > portugal
amsterdam: amsterdam > netherlands
rotterdam: rotterdam > netherlands
brussels: brussels > belgium
vienna: vienna > austria
zurich: zurich > switzerland
geneva: geneva > switzerland
stockholm: stockholm > sweden
oslo: oslo > norway
copenhagen: copenhagen > denmark
helsinki: helsinki > finland
warsaw: warsaw > poland
prague: prague > czechia
budapest: budapest > hungary
bucharest: bucharest > romania
sofia: sofia > bulgaria
athens: athens > greece
istanbul: istanbul > turkey
ankara: ankara > turkey
moscow: moscow > russia
st. petersburg: st. petersburg, saint petersburg > russia
kyiv: kyiv, kiev > ukraine
kharkiv: kharkiv > ukraine
minsk: minsk > belarus
beijing: beijing > china
shanghai: shanghai > china
wuhan: wuhan > china
hong kong: hong kong > china
tokyo: tokyo > japan
seoul: seoul > south korea
pyongyang: pyongyang > north korea
delhi: delhi, new delhi > india
mumbai: mumbai, bombay > india
karachi: karachi > pakistan
islamabad: islamabad > pakistan
dhaka: dhaka > bangladesh
jakarta: jakarta > indonesia
manila: manila > philippines
bangkok: bangkok > thailand
sydney: sydney > australia
melbourne: melbourne > australia
toronto: toronto > canada
montreal: montreal > canada
vancouver: vancouver > canada
ottawa: ottawa > canada
mexico city: mexico city > mexico
tijuana: tijuana > mexico
havana: havana > cuba
caracas: caracas > venezuela
bogota: bogota > colombia
lima: lima > peru
santiago: santiago > chile
buenos aires: buenos aires > argentina
sao paulo: sao paulo > brazil
rio de janeiro: rio de janeiro, rio > brazil
cairo: cairo > egypt
lagos: lagos > nigeria
abuja: abuja > nigeria
nairobi: nairobi > kenya
johannesburg: johannesburg > south africa
cape town: cape town > south africa
tehran: tehran > iran
baghdad: baghdad > iraq
damascus: damascus > syria
beirut: beirut > lebanon
jerusalem: jerusalem > israel
tel aviv: tel aviv > israel
riyadh: riyadh > saudi arabia
dubai: dubai > united arab emirates
doha: doha > qatar
kabul: kabul > afghanistan
"""

_REGIONS = """
europe: europe, european > world
european union: european union, eu > europe
africa: africa, african > world
asia: asia, asian > world
latin america: latin america, south america, central america > world
middle east: middle east > world
"""


def _parse() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    parent: dict[str, str] = {}
    for block in (_COUNTRIES, _UK, _CITIES, _REGIONS):
        for line in block.strip().splitlines():
            ident, rest = line.split(":", 1)
            rest, _, up = rest.partition(">")
            for n in rest.split(","):
                if n.strip():
                    names.setdefault(n.strip(), ident.strip())
            if up.strip():
                parent[ident.strip()] = up.strip()
    for state in (s.strip() for s in _US_STATES.replace("\n", " ").split(",")):
        short = state.removesuffix(" state")
        names.setdefault(short, state)
        names[state] = state
        parent[state] = "us"
    # Countries of continents are not listed: a claim about "Europe" and one about "France" stay compatible.
    return names, parent


NAMES, PARENT = _parse()
_LONGEST = max(len(n.split()) for n in NAMES)
# Names that are also common words or first names: only counted when written with a capital letter.
CASE_SENSITIVE = frozenset({"us", "georgia", "jordan", "chad", "niger", "turkey", "rio", "lima", "santiago",
                            "charlotte", "phoenix", "columbus", "austin", "victoria", "china", "polish",
                            "nice", "reading", "mobile", "washington", "korea", "english", "indian", "american"})
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*[A-Za-z.]|[A-Za-z]")


def chain(place: str) -> list[str]:
    """The place and everything it lies in: ``chicago`` → ``[chicago, illinois, us]``."""
    out = [place]
    while out[-1] in PARENT and len(out) < 6:
        out.append(PARENT[out[-1]])
    return out


def places_in(text: str) -> frozenset[str]:
    """The listed places a text names (longest names first: "New York City" before "New York")."""
    words = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    found: set[str] = set()
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            span = [w for w, _ in words[i:i + n]]
            phrase = " ".join(span).lower().rstrip(".") if n > 1 or not span[0].endswith(".") else span[0].lower()
            key = phrase if phrase in NAMES else re.sub(r"(?:['’]s?|\.)$", "", phrase)
            if key in NAMES:
                if key in CASE_SENSITIVE and not (span[0][:1].isupper() and (key != "us" or span[0] in
                                                                              ("US", "U.S.", "U.S"))):
                    continue
                found.add(NAMES[key])
                i += n - 1
                break
        i += 1
    return frozenset(found)


def compatible(a: str, b: str) -> bool:
    """Same place, or one lies in the other."""
    return a == b or a in chain(b) or b in chain(a)


def _specific(found: frozenset[str]) -> frozenset[str]:
    return frozenset(p for p in found if not any(p != q and p in chain(q) for q in found))


def conflict(a: frozenset[str], b: frozenset[str]) -> tuple[str, str] | None:
    """Two places that make the claims about different places: each side names a place the other side has
    nothing compatible with ("Leeds" vs "Bradford"; not "Chicago" vs "Illinois", nor "U.S." vs nothing)."""
    # The most specific places of each side ("New York" rather than the "USA" it lies in) are compared.
    a, b = _specific(a), _specific(b)
    only_a = [p for p in sorted(a) if not any(compatible(p, q) for q in b)]
    only_b = [q for q in sorted(b) if not any(compatible(q, p) for p in a)]
    if only_a and only_b:
        return only_a[0], only_b[0]
    return None
