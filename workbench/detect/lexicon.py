"""Word lists the rule-based detector leans on: speech verbs, titles, organisation words, names.

Everything here is plain data (frozensets of lower-case words unless said otherwise) so the rules in
the other modules stay readable, and so a journalist-facing fix ("it missed 'fumed'") is a one-word
edit. The lists are deliberately generic news vocabulary, not tuned to any one article; English is
the main language, with the commonest German and French attribution words because wire copy in
those languages uses the same quotation patterns.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """A set of white-space separated words: keeps long lists readable as plain text."""
    return frozenset(text.split())


def phrase_set(text: str) -> frozenset[str]:
    """A set of "|"-separated phrases (which may contain spaces)."""
    return frozenset(p.strip() for p in text.split("|") if p.strip())

# Finite speech verbs: "X said", "said X", "X told reporters". Lower case; matched case-insensitively.
FINITE_CUES = word_set(
    """
    said says say told tells added adds stated states explained explains noted notes wrote writes
    posted tweeted insisted insists argued argues claimed claims warned warns declared declares
    announced announces asked asks replied replies responded responds remarked remarks commented
    comments observed observes continued continues concluded concludes suggested suggests
    acknowledged acknowledges admitted admits conceded concedes confirmed confirms denied denies
    stressed stresses emphasised emphasized emphasises emphasizes recalled recalls predicted
    predicts promised promises vowed vows pledged pledges urged urges called calls described
    describes branded labelled labeled quipped joked jokes shouted cried whispered boasted
    complained complains lamented laments cautioned cautions countered counters retorted thundered
    fumed mused reflected affirmed maintained maintains alleged testified informed reiterated
    reiterates agreed objected protested sighed laughed wondered highlighted underlined underscored
    hailed praised criticised criticized condemned accused blasted slammed dismissed characterised
    characterized termed deemed ruled rules announced revealed reveals disclosed indicated indicates
    thanked welcomed apologised apologized describe call pledge promise warn insist argue claim
    assured assures answered answers explained recounted recounts acknowledged proclaimed blamed
    blames attacked likened compared touted mocked ridiculed derided lambasted decried demanded
    demands questioned pressed challenged asserted asserts sang sings reported reports
    remembered remembers retaliated exclaimed exclaims snapped scoffed scoffs bragged brags interjected
    opined opines pleaded speculated speculates elaborated groused griped yelled screamed muttered charged
    reacted proclaims
    sagte sagt erklärte erklärt betonte betont warnte warnt kritisierte kritisiert meinte meint
    schrieb schreibt antwortete antwortet versicherte versichert forderte fordert nannte nennt
    sprach spricht ergänzte ergänzt räumte bekräftigte bekräftigt lobte lobt
    déclare dit affirme ajoute explique souligne assure indique estime lance confie raconte
    prévient dénonce martèle insiste reconnaît appelle plaide juge promet réclame exige salue
    critique fustige avertit annonce défend
    """
)

# Participles and gerunds whose subject is the subject of the clause: "..., saying “...”".
PARTICIPLE_CUES = word_set(
    """
    saying adding telling noting warning insisting arguing claiming calling describing declaring
    explaining stressing writing asking urging accusing branding labelling labeling
    promising vowing suggesting acknowledging admitting conceding reiterating stating emphasising
    emphasizing replying responding quipping joking terming recalling predicting dismissing
    hailing praising criticising criticizing condemning blaming attacking mocking touting likening
    tweeting posting texting emailing
    """
)

# French compound past: "a déclaré", "a-t-il assuré". The participle alone is also a cue.
FRENCH_PARTICIPLES = word_set(
    """
    déclaré dit affirmé ajouté expliqué indiqué souligné estimé assuré lancé averti dénoncé
    confié raconté répondu insisté martelé prévenu reconnu défendu jugé qualifié fustigé promis
    regretté rappelé précisé annoncé plaidé évoqué appelé salué critiqué réagi commenté ironisé
    tranché résumé déploré assuré
    """
)

# Words that end a subject noun phrase when scanning back from a verb: auxiliaries and adverbs.
AUX_WORDS = word_set(
    """
    has had have was were is are be been also later then again further reportedly earlier once
    publicly recently repeatedly previously not would will could may might had already still
    has since just first today yesterday tonight separately privately initially subsequently
    hat habe hatte ist war auch a ont avait aussi
    """
)

# Time words that can sit between a subject and its verb ("The Kremlin on Monday dismissed").
TIME_WORDS = word_set(
    """
    on monday tuesday wednesday thursday friday saturday sunday last this late early week month
    hours minutes days weeks months years moments
    year night morning evening afternoon weekend in january february march april may june july
    august september october november december
    """
)

# Pronouns that can be speakers, with gender: m, f, n (neutral/plural), o (organisation).
PRONOUNS = {
    "he": "m",
    "she": "f",
    "they": "n",
    "it": "o",
    "we": "n",
    "il": "m",
    "elle": "f",
    "ils": "n",
    "elles": "n",
    "er": "m",
    "sie": "n",
    "who": "w",
}

# Words naming a person by role: "the minister said", "the 22-year-old laughed".
PERSON_ROLES = word_set(
    """
    minister president chancellor secretary spokesman spokeswoman spokesperson judge justice
    prosecutor attorney lawyer coach manager boss striker midfielder defender goalkeeper captain
    player chairman chairwoman chair chief director official officer executive ceo founder analyst
    economist professor doctor scientist researcher author teacher headteacher headmaster mayor
    governor senator congressman congresswoman lawmaker legislator leader candidate mp mep councillor
    councilor commissioner ambassador diplomat envoy general colonel commander sergeant detective
    inspector superintendent constable sheriff priest bishop king queen prince princess actor
    actress singer director producer writer novelist campaigner activist spokesperson veteran
    resident witness victim defendant claimant plaintiff mother father daughter son wife husband pope
    sister brother neighbour neighbor owner driver pilot nurse surgeon frenchman englishman
    scotsman welshman irishman dutchman businessman businesswoman chef politician singer rapper
    star champion winner skipper forward winger batsman bowler nominee adviser advisor aide
    strategist host anchor moderator correspondent reporter columnist historian scholar expert
    fellow physician pollster consultant organizer organiser lobbyist donor voter supporter student
    freshman senior patient attendee protester demonstrator narrator announcer editor publisher
    commentator pundit surrogate staffer official manager chairperson president-elect candidate
    businessman widow widower survivor investor worker employee farmer father-in-law guard officer
    chef politiker kanzler kanzlerin sprecher sprecherin präsident präsidentin ministerin
    vorsitzende vorsitzender ministre président présidente député députée porte-parole secrétaire
    dirigeant patron maire responsable dirigeante syndicaliste économiste ministre chef
    """
)

# Nouns for a nationality, used like a role: "the Spaniard said", "the Welshman added".
NATIONALITY_NOUNS = word_set(
    """
    spaniard frenchman frenchwoman briton brit scot welshman welshwoman irishman irishwoman dane
    swede finn pole turk greek kiwi aussie argentine dutchman dutchwoman englishman englishwoman
    portuguese swiss icelander norwegian filipino thai
    """
)

# Documents that "say" things: "the report said". They are speakers as written, never a person.
DOC_NOUNS = word_set(
    """
    report statement study ruling document letter filing survey poll paper judgment judgement order
    complaint lawsuit indictment memo post note website release communique communiqué analysis
    review audit assessment bulletin notice draft text resolution decision verdict editorial
    """
)

# Letters after a name: "Simon Ashby KC", "John Smith Jr".
POST_NOMINALS = word_set("kc qc mp mep obe mbe cbe jr jr. sr sr. ii iii iv phd md")
# ... of which these tell a son from his father, so they stay part of the name.
GENERATIONS = word_set("jr jr. sr sr. ii iii iv")

# Words naming an organisation by role: "the ministry said", "police said", "the company said".
ORG_ROLES = word_set(
    """
    ministry department agency office government administration company firm group carrier airline
    bank club team union trust council committee commission court tribunal police party army military
    navy regulator authority board foundation charity university school hospital campaign
    organisation organization alliance coalition embassy kremlin parliament senate congress
    prosecutors prosecution
    regierung ministerium verband gewerkschaft partei polizei gouvernement ministère syndicat
    """
)

# Plural groups that speak for themselves: "analysts said", "officials said".
GROUP_ROLES = word_set(
    """
    analysts officials prosecutors police experts critics residents economists researchers
    witnesses investigators officers authorities sources organisers organizers campaigners
    scientists doctors lawyers diplomats ministers lawmakers activists protesters fans
    charities unions groups companies forecasters observers supporters opponents users
    ökonomen experten
    """
)

# Capitalised words that are titles before a name ("Defense Minister Kim", "Mayor Tom Reyes").
# Lower-cased; German compounds ending in one of TITLE_SUFFIXES are titles too.
TITLES = word_set(
    """
    president vice prime minister secretary general chancellor senator sen sen. representative rep
    rep. congressman congresswoman governor gov gov. mayor judge justice chief executive officer
    ceo cfo coo cto chairman chairwoman chair director commissioner ambassador spokesman spokeswoman
    spokesperson deputy king queen prince princess pope father rev rev. reverend bishop archbishop
    cardinal sheikh emir lt lt. lieutenant col col. colonel gen gen. maj major capt capt. captain sgt
    sgt. sergeant admiral adm commander detective inspector superintendent constable dr dr. prof
    prof. professor mr mr. mrs mrs. ms ms. miss sir dame lord lady mp mep speaker leader coach
    manager attorney prosecutor sheriff premier assistant associate councillor councilor
    producer director lawmaker envoy founder boss chef herr frau m. mme mme. madame monsieur
    battalion officer dean provost rabbi imam cllr counsel councilman councilwoman councilmember alderman alderwoman
    assemblyman assemblywoman
    bundeskanzler bundeskanzlerin kanzler kanzlerin präsident präsidentin vorsitzender
    vorsitzende ministre député république
    """
)
TITLE_SUFFIXES = ("minister", "ministerin", "kanzler", "sprecher", "sprecherin", "präsident", "chef")

HONORIFIC_GENDER = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "herr": "m",
    "m.": "m",
    "monsieur": "m",
    "father": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "frau": "f",
    "mme": "f",
    "mme.": "f",
    "madame": "f",
    "spokeswoman": "f",
    "chairwoman": "f",
    "congresswoman": "f",
    "kanzlerin": "f",
    "präsidentin": "f",
    "ministerin": "f",
    "sprecherin": "f",
}

# A name run containing one of these (capitalised) words is an organisation.
ORG_WORDS = word_set(
    """
    ministry office house kremlin police party council commission court tribunal bank agency
    department service services authority board committee union association federation institute
    university college school academy hospital trust foundation group inc inc. ltd ltd. corp corp.
    corporation company co plc llc ag sa gmbh airlines airways motors fund organisation
    organization alliance coalition army navy force forces guard parliament congress senate
    assembly government administration cabinet network times post news press journal reuters club
    united city fc rovers athletic records studios securities capital partners associates holdings
    platforms systems technologies labs pharmaceuticals pentagon commons lords bundestag
    regierung ministerium gewerkschaft verband institut bahn assemblée ministère gouvernement
    edison energy electric motors bureau unit centre center church cross crescent nations
    confederation industry chamber rail railway railways grid water mail telecom media
    entertainment pictures foods brands retail stores markets airport airports strategies consulting
    advisors advisers research analytics communications solutions ventures international society
    reserve treasury
    """
)

# A name run ending with one of these is a place.
PLACE_WORDS = word_set(
    """
    street road avenue square river sea ocean valley mountains mountain island islands bay gulf
    strait park bridge county province region state states airport station stadium lake coast
    hills hill peninsula desert canal district borough village town
    """
)

# Countries, regions and cities that often open sentences or sit next to names. Not exhaustive:
# its job is only to keep "North Korea" or "Moscow" from being taken for a person.
PLACES = word_set(
    """
    afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain bangladesh
    belarus belgium bolivia bosnia brazil britain bulgaria cambodia cameroon canada chile china
    colombia congo croatia cuba cyprus czechia denmark ecuador egypt england estonia ethiopia europe
    finland france georgia germany ghana greece guatemala haiti honduras hungary iceland india
    indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya kosovo kuwait latvia
    lebanon libya lithuania luxembourg malaysia mali malta mexico moldova mongolia montenegro
    morocco mozambique myanmar nepal netherlands nicaragua niger nigeria norway oman pakistan
    palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda scotland
    senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan
    tanzania thailand tunisia turkey uganda ukraine uruguay uzbekistan venezuela vietnam wales
    yemen zambia zimbabwe africa asia america gaza crimea donbas kyiv kiev moscow beijing washington
    london paris berlin brussels tokyo seoul pyongyang tehran jerusalem beirut cairo delhi mumbai
    karachi istanbul ankara madrid rome athens vienna warsaw prague budapest bucharest sofia
    helsinki stockholm oslo copenhagen dublin edinburgh cardiff belfast manchester liverpool leeds
    birmingham bristol glasgow riyadh dubai doha baghdad damascus kabul islamabad sydney
    melbourne toronto ottawa vancouver montreal chicago boston atlanta dallas houston phoenix
    miami seattle denver detroit philadelphia brooklyn manhattan hollywood california texas
    florida arizona ohio michigan virginia geneva zurich frankfurt munich hamburg mannheim
    lyon marseille milan naples lisbon amsterdam rotterdam venice kent essex yorkshire
    cornwall lancashire nato
    """
) - {"nato"}
MULTIWORD_PLACES = phrase_set(
    """
    north korea|south korea|north america|south america|latin america|united states|united kingdom|
    new york|new jersey|new zealand|new delhi|hong kong|saudi arabia|south africa|sri lanka|
    los angeles|san francisco|san diego|las vegas|costa rica|el salvador|middle east|west bank|
    gaza strip|european union|united arab emirates|czech republic|north macedonia|south sudan|
    white house|downing street|wall street|silicon valley|black sea|red sea|north sea|
    los angeles county|santa clarita|new orleans|rio de janeiro|buenos aires|tel aviv|
    east jerusalem|northern ireland|great britain|ivory coast|washington dc|abu dhabi|north carolina|
    south carolina|north dakota|south dakota|new hampshire|new mexico|west virginia|rhode island
    """
)
# "White House", "Downing Street" and "European Union" speak as institutions, though.
INSTITUTION_PLACES = frozenset({"white house", "downing street", "european union", "wall street"})

# Nationality adjectives that precede titles ("South Korean Defense Minister").
DEMONYMS = word_set(
    """
    american british french dutch thai swiss greek czech german russian chinese korean japanese
    ukrainian israeli palestinian iraqi iranian saudi afghan welsh scottish irish english spanish
    polish danish swedish finnish norwegian turkish italian democratic republican conservative
    labour liberal green socialist communist federal national local former senior north south east
    west northern southern eastern western cornish european democrat republican gop libertarian
    independent progressive muslim christian jewish catholic evangelical african-american
    """
)

# US states, their postal and AP abbreviations ("Springfield, Va.", "Charlotte, N.C."): places.
US_STATES = word_set(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
    tennessee texas utah vermont virginia washington wisconsin wyoming
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nev okla ore pa tenn tex vt va wash wis wyo n.c. n.c n.y. n.y n.j. n.j n.h. n.h n.m. n.m
    n.d. n.d s.c. s.c s.d. s.d r.i. r.i w.va d.c. d.c
    """
)

# Capitalised words that open sentences but are never part of a name.
STARTERS = word_set(
    """
    the a an but and or so yet in on at for from with without by to of as after before during
    since until when while where why how what who which that this these those there their they
    he she it we i you his her its our my your if although though because meanwhile however still
    also then now later earlier today yesterday tomorrow last next recently speaking asked
    according some many most several other others all both each every no not only even just one
    two three four five six seven eight nine ten first second third once here asked despite
    among between under over about against instead indeed moreover furthermore nevertheless
    thus hence overall unlike like outside inside across around near amid amidst amongst throughout
    besides beyond toward towards within upon another
    already again finally ultimately previously separately initially currently eventually otherwise
    therefore accordingly consequently notably importantly similarly likewise afterward afterwards
    originally traditionally historically clearly obviously surprisingly unsurprisingly ironically sadly
    fortunately unfortunately hopefully regardless nonetheless additionally alternatively specifically
    generally typically increasingly apparently perhaps certainly elsewhere anyway lately ever back
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december
    le la les un une des du de l il elle ils elles on nous selon pour dans mais et avec sans
    der die das ein eine einen einem einer und aber auch er sie es wir ihr sein seine ihre laut
    auf bei im am vom zum nach vor für über unter mit ob wie was wer wenn als
    review analysis opinion comment exclusive breaking update watch live
    """
)

# Lower-case particles inside names: "Borja del Pozo Cruz", "Erik ten Hag", "Abdulaziz bin Salman".
PARTICLES = word_set("de da del della di du dos das van von der den ten ter bin ibn al el la le y")

# Words that, right before a quotation, say it is a name or title rather than speech.
NAMING_MARKERS = word_set(
    """
    so-called dubbed dub dubbing titled entitled nicknamed codenamed code-named named sogenannte sogenannten
    sogenannter sogenanntes genannte genannten dite dit baptisé intitulé called
    """
)

DAYS_MONTHS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december
    """
)

# Abbreviations that end in a full stop without ending the sentence.
ABBREVIATIONS = word_set(
    """
    mr mrs ms dr st sen rep gov gen lt col sgt capt prof rev jr sr no nos jan feb mar apr jun jul
    aug sep sept oct nov dec inc ltd co corp vs ill calif mass fla tex ariz wash mich penn pa va
    ga ky md mo minn wis conn ore okla la ala colo nev dept govt est approx fig m mme cllr
    """
)

# Small given-name lists used only to guess gender for he/she resolution.
MALE_NAMES = word_set(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward
    jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin
    samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan
    henry douglas zachary peter kyle noah ethan jeremy walter christian keith roger terry austin
    sean gerald carl harold dylan arthur lawrence jordan jesse bryan billy bruce gabriel joe logan
    albert willie alan eugene russell vincent philip bobby johnny bradley roy ralph randy wayne
    howard liam oliver harry charlie alfie freddie archie leo oscar tom sam max ben luke jake
    martin olaf friedrich christian robert volker karl-peter marcel emmanuel michel paul éric eric
    jean pierre jacques françois nicolas vladimir sergei dmitry antti xi kim recep benjamin mohammed
    muhammad ahmed ali omar hassan ruben gavin derek tom mel keir rishi boris nigel ed jeremy
    giovanni tamas steve nick max borja régis john jobe erik pep jürgen mikel abdulaziz mohammad
    joe donald barack narendra luiz javier pedro carlos juan luis miguel antonio
    bill mike jim jimmy tim dan danny dave rick ricky bob rob ted tony jeff greg ron ken kenny don
    doug phil fred ray jon matt andy marco hugh ian neil colin simon stuart duncan malcolm alistair
    angus callum craig barry trevor clive gordon curtis todd brad brett cody travis marcus
    glenn dale leon ernest herbert leonard norman melvin clarence francis edwin alvin calvin
    marvin wesley elijah isaac caleb owen evan connor ahmad hamid abdul yusuf ibrahim mustafa khalid
    tariq rahul amit sanjay vijay paolo luca matteo giuseppe francesco alessandro andrés diego
    fernando jorge manuel alejandro ricardo rafael roberto sergio enrique hans klaus wolfgang stefan
    andreas matthias igor ivan alexei mikhail nikolai yuri viktor oleg andrei
    """
)
FEMALE_NAMES = word_set(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria
    heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith
    megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean
    alice madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa
    sophia marie diana brittany natalie isabella charlotte rose alexis kayla sophie amelia isla
    ava mia lily chloe ella grace freya louise claire elaine anita priya kari samara marva
    lena tara rachel yvette kemi karine jen suni janet gwen aisha nadia
    liz theresa ursula angela annalena giorgia marine ségolène
    sophie daria jessica marta emma serena naomi coco iga aryna kamala hillary nancy
    ruth rebecca caroline jacinda sanna mette kaja agnès anne christine
    melanie heidi meghan kate katie kathy cathy debbie sue jane joanne jill wendy tammy tina stacy
    lori lorraine loretta marsha meredith molly nora paula peggy phyllis rita roberta rosa roxanne
    sally sheila sonia stella sylvia tamara valerie vanessa vera veronica wanda yolanda zoe
    betsy bonnie carla carmen cindy connie dianne edith eileen elena ellen eleanor erica erin eva
    felicia gina irene jasmine jenna jenny karla katrina kristen kristin kristina krista leah lillian
    lucy mandy marcia maureen michele monica nadine nina olga rhonda sabrina sheryl sonya susanna
    tanya tiffany vicki yvonne madeleine nikki elise gretchen lucia francesca giulia
    isabel beatriz ana sabine ingrid katrin ulrike natalia svetlana irina tatiana
    """
)
# Given to men and women alike: in both lists, so they make a run a person but give no gender.
UNISEX_NAMES = word_set("terry jordan kim kelly jean leslie dana robin jamie casey taylor alex")
MALE_NAMES = MALE_NAMES | UNISEX_NAMES
FEMALE_NAMES = FEMALE_NAMES | UNISEX_NAMES

# Relatives: "her daughter said" is someone else, not an antecedent.
FAMILY_ROLES = word_set(
    "daughter son wife husband mother father sister brother neighbour neighbor friend partner cousin "
    "uncle aunt grandson granddaughter"
)

# Words opening an appositive segment (", who ...,", ", a former ...,"): not the subject.
APPOSITIVE_OPENERS = word_set(
    "who which whose a an the of aged speaking however meanwhile too also himself herself themselves "
    "itself best formerly now then in at on from with speaking writing"
)

# Speech verbs that are also plural nouns; they count as verbs only after a subject.
NOUN_LIKE_CUES = word_set(
    "claims calls notes states remarks comments answers replies promises pledges vows rules reports "
    "warns insists argues admits urges denies asks tells writes posts"
)

# Words the noun-phrase reader (phrases.py) stops at, and the heads that hand a quotation on.
DETERMINERS = word_set(
    "the a an his her their its our le la les l un une der die das ein eine ihr ihre sein seine"
)
NP_STOP_WORDS = word_set(
    "that who which whose and but or as to than when while after before because if where whether what "
    "how why dass ob que qui"
)
NP_PREPOSITIONS = word_set("of for at from with in on du de des d am im vom von bei sur aux au")
# Role words that hand the attribution on to the organisation after "for"/"of": "a spokesman for
# the agency", "a statement from the ministry".
ATTACH_HEADS = word_set(
    "spokesman spokeswoman spokesperson statement official officials representative source sources "
    "sprecher sprecherin porte-parole"
)
