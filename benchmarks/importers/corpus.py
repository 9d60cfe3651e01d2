"""Article texts for the HTML evaluation pages: invented but newsroom-realistic stories.

Each article is the *gold* content: what a person would select as "the article" on the page.
``blocks`` are ("p" | "h2" | "quote" | "ul" | "table", content) in reading order. The page
templates in ``make_pages.py`` wrap these in site furniture that must not be extracted.
None of this text is taken from a public extraction benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    slug: str
    lang: str
    title: str
    author: str
    date: str
    site: str
    blocks: list[tuple[str, object]]
    caption: str = ""
    pullquote: str = ""
    tags: list[str] = field(default_factory=list)


ARTICLES: list[Article] = [
    Article(
        slug="port-strike",
        lang="en",
        title="Dock workers extend strike as talks over pay collapse",
        author="Helen Marsh",
        date="2024-09-12",
        site="The Northern Courier",
        caption="Containers stacked at the eastern terminal on Wednesday. Photo: Staff photographer",
        pullquote="We are not asking for luxuries, we are asking to keep up with rent.",
        tags=["Labour", "Shipping", "Economy"],
        blocks=[
            (
                "p",
                "Dock workers at the country's second-largest port voted on Wednesday to extend their strike "
                "by another two weeks after negotiations with the port authority broke down over pay and "
                "shift patterns.",
            ),
            (
                "p",
                "The union said 87 per cent of its members backed the extension in a ballot that closed at "
                "noon, with turnout of just over 70 per cent. The port authority called the result "
                '"deeply disappointing" and said its latest offer of a 6.5 per cent rise remained on the table.',
            ),
            (
                "p",
                '"We are not asking for luxuries, we are asking to keep up with rent," said Tomasz Kowal, a '
                'crane operator who has worked at the port for nineteen years. "Every month it gets harder."',
            ),
            ("h2", "Supply chains under strain"),
            (
                "p",
                "Shipping companies have begun diverting vessels to smaller harbours along the coast, adding "
                "between three and five days to delivery times, according to the national freight association.",
            ),
            (
                "p",
                "Retailers warned that shortages of some imported goods could appear on shelves within a "
                "fortnight if the dispute is not resolved. Fresh fruit and electronics were the most exposed, "
                "the association said in a statement.",
            ),
            (
                "p",
                "The transport minister said she would not intervene directly but urged both sides to return "
                "to the table. Talks are provisionally scheduled to resume on Monday.",
            ),
        ],
    ),
    Article(
        slug="flood-defences",
        lang="en",
        title="Council admits flood barrier was never tested at full height",
        author="Priya Raman",
        date="2024-02-27",
        site="Riverside Gazette",
        caption="The barrier at Mill Lane, photographed the morning after the flood.",
        pullquote="It was designed for exactly this kind of storm.",
        tags=["Local government", "Weather"],
        blocks=[
            (
                "p",
                "A flood barrier that failed during last month's storm had never been tested at its full "
                "design height, council documents released under freedom of information rules show.",
            ),
            (
                "p",
                "The £4.2m barrier, installed in 2019, was meant to protect around 600 homes along the river. "
                "During the storm on 14 January water overtopped a section near Mill Lane, flooding 140 "
                "properties.",
            ),
            (
                "p",
                "Internal emails show engineers raised concerns about the seals on two panels in 2021. A "
                "planned full-height test was postponed twice because of budget constraints, according to "
                "the documents.",
            ),
            (
                "quote",
                "The barrier was designed for exactly this kind of storm. The question residents deserve an "
                "answer to is why it was never checked to see whether it could cope.",
            ),
            (
                "p",
                "That was the view of Alan Greaves, chair of the local residents' association, who obtained the "
                "documents. The council said an independent review had been commissioned and would report "
                "by the summer.",
            ),
            (
                "p",
                'A council spokesperson said: "We understand the anger of residents and we will act on every '
                'recommendation the review makes."',
            ),
        ],
    ),
    Article(
        slug="vaccine-claim",
        lang="en",
        title="Fact check: No, the new measles vaccine batch was not recalled",
        author="Daniel Okafor",
        date="2024-06-03",
        site="CheckPoint News",
        tags=["Fact check", "Health"],
        blocks=[
            (
                "p",
                "A post shared thousands of times on social media claims that health authorities have quietly "
                "recalled a batch of measles vaccine because of contamination. This is false.",
            ),
            ("h2", "What the post says"),
            (
                "p",
                "The post, which first appeared on 28 May, shows a screenshot of what it describes as an "
                "internal recall notice and urges parents to cancel their children's appointments.",
            ),
            ("h2", "What we found"),
            (
                "p",
                "The medicines regulator told us no measles vaccine batch has been recalled this year. The "
                "batch number in the screenshot does not match the format used by the manufacturer, and the "
                "notice contains a phone number that belongs to a furniture shop.",
            ),
            (
                "ul",
                [
                    "The regulator's public recall list contains no vaccine entries for 2024.",
                    "The manufacturer confirmed the batch number does not exist.",
                    "The logo in the screenshot is an outdated version last used in 2016.",
                ],
            ),
            (
                "p",
                "Our verdict: false. Measles vaccination appointments are going ahead as normal, and the "
                "regulator advises parents to check its website rather than screenshots shared online.",
            ),
        ],
    ),
    Article(
        slug="election-results",
        lang="en",
        title="Turnout falls in regional election as independents gain ground",
        author="Martin Vella",
        date="2024-05-06",
        site="The Island Post",
        caption="Counting under way at the central hall on Sunday night.",
        tags=["Politics", "Elections"],
        blocks=[
            (
                "p",
                "Turnout in Sunday's regional election fell to its lowest level in two decades, while "
                "independent candidates won more seats than at any previous vote, official results show.",
            ),
            (
                "p",
                "Just 48.3 per cent of registered voters cast a ballot, down from 55.1 per cent four years ago. "
                "Independent candidates took nine of the 45 seats, up from three.",
            ),
            (
                "table",
                [
                    ["Party", "Seats", "Change"],
                    ["Labour Alliance", "17", "-4"],
                    ["Civic Union", "14", "-2"],
                    ["Independents", "9", "+6"],
                    ["Greens", "5", "0"],
                ],
            ),
            (
                "p",
                "Political scientist Maria Camilleri said the result reflected frustration with both main "
                'parties over housing costs. "People did not stay at home because they were content," she said.',
            ),
            (
                "p",
                "The new assembly meets for the first time on 20 May, when it must elect a president. No party "
                "has a majority, and coalition talks are expected to take several weeks.",
            ),
        ],
    ),
    Article(
        slug="hospital-waits",
        lang="en",
        title="Emergency waits lengthen despite extra winter funding",
        author="Sarah Lindqvist",
        date="2023-12-19",
        site="Health Service Journal Online",
        pullquote="The money arrived, but the staff did not.",
        tags=["Health", "NHS"],
        blocks=[
            (
                "p",
                "Patients waited longer in emergency departments this autumn than a year earlier, even though "
                "hospitals received an extra £250m to prepare for winter, figures published on Tuesday show.",
            ),
            (
                "p",
                "Almost one in three patients spent more than four hours in emergency departments in November, "
                "compared with one in four in November last year.",
            ),
            (
                "p",
                "Hospital leaders said much of the money had been spent on temporary beds that could not be "
                'opened because of staff shortages. "The money arrived, but the staff did not," said the '
                "chief executive of one large teaching hospital, who asked not to be named.",
            ),
            (
                "p",
                "The health department said the figures reflected record demand, with 2.3 million attendances "
                "in November, and that the extra funding had prevented a worse outcome.",
            ),
        ],
    ),
    Article(
        slug="short-brief",
        lang="en",
        title="Bridge closed after lorry strike",
        author="Staff reporter",
        date="2024-08-01",
        site="Valley Evening News",
        blocks=[
            (
                "p",
                "The Old Town bridge has been closed to traffic after a lorry struck its parapet early on "
                "Thursday. Nobody was injured.",
            ),
            (
                "p",
                "Engineers are inspecting the structure and the council said it expected the bridge to remain "
                "closed until at least Monday. Diversions are signposted via Station Road.",
            ),
        ],
    ),
    Article(
        slug="climate-summit",
        lang="en",
        title="Negotiators agree draft text on adaptation finance after all-night session",
        author="Lucía Fernández and Ben Carter",
        date="2024-11-22",
        site="Global Affairs Review",
        caption="Delegates leave the plenary hall in the early hours of Friday.",
        pullquote="This is not the deal the most vulnerable countries needed.",
        tags=["Climate", "Diplomacy"],
        blocks=[
            (
                "p",
                "Negotiators at the climate summit agreed a draft text on adaptation finance early on Friday "
                "after talks ran through the night, but several delegations said the figures fell far short "
                "of what poorer countries had demanded.",
            ),
            (
                "p",
                'The draft commits developed countries to "at least double" their adaptation funding by 2030 '
                "from 2022 levels, without naming a figure. Earlier versions had included a target of $100bn a year.",
            ),
            (
                "p",
                '"This is not the deal the most vulnerable countries needed," said the lead negotiator for a '
                'group of small island states. "But walking away would have left us with nothing at all."',
            ),
            ("h2", "Sticking points remain"),
            (
                "p",
                "Disagreements persist over who counts as a contributor. Several large emerging economies "
                "resisted language that would have expanded the list of countries expected to pay.",
            ),
            (
                "p",
                "Observers said the text was likely to change again before the closing plenary, which has "
                "already been postponed once. Ministers are due to meet again at 10am local time.",
            ),
            (
                "p",
                'Environmental groups were divided. One coalition called the draft "a step backwards", while '
                "another said it created a framework that could be strengthened at next year's meeting.",
            ),
            (
                "p",
                "The summit was scheduled to end on Friday evening, but delegates said an extension into the "
                "weekend now looked almost certain.",
            ),
        ],
    ),
    Article(
        slug="de-bahn",
        lang="de",
        title="Bahn kündigt neue Baustellen auf Hauptstrecken an",
        author="Katrin Vogel",
        date="2024-04-15",
        site="Rheinische Rundschau",
        caption="Ein Regionalzug am Hauptbahnhof. Foto: dpa",
        tags=["Verkehr", "Bahn"],
        blocks=[
            (
                "p",
                "Die Deutsche Bahn will in diesem Sommer mehrere Hauptstrecken für Bauarbeiten wochenlang "
                "sperren. Betroffen sind nach Angaben des Unternehmens vor allem Verbindungen im Westen "
                "und Süden des Landes.",
            ),
            (
                "p",
                "Reisende müssen sich auf längere Fahrzeiten und Ersatzverkehr mit Bussen einstellen. Die "
                "Bahn empfahl, Verbindungen kurz vor Reiseantritt zu prüfen.",
            ),
            (
                "p",
                "„Wir wissen, dass das für unsere Fahrgäste eine Zumutung ist“, sagte eine Sprecherin am "
                "Montag. Die Arbeiten seien jedoch notwendig, um das Netz langfristig zuverlässiger zu machen.",
            ),
            (
                "p",
                "Fahrgastverbände kritisierten die Planung. Die Sperrungen fielen genau in die Ferienzeit, "
                "hieß es in einer Stellungnahme. Zudem fehle es an ausreichend Ersatzbussen und Fahrern.",
            ),
            (
                "p",
                "Die Bundesregierung hatte im vergangenen Jahr zusätzliche Milliarden für die Sanierung des "
                "Schienennetzes zugesagt. Bis 2030 sollen rund 40 besonders stark belastete Korridore "
                "grundlegend erneuert werden.",
            ),
        ],
    ),
    Article(
        slug="fr-loyers",
        lang="fr",
        title="Les loyers continuent de grimper dans les grandes villes",
        author="Claire Dubois",
        date="2024-03-08",
        site="Le Quotidien du Centre",
        pullquote="Un étudiant consacre désormais plus de la moitié de son budget au logement.",
        tags=["Logement", "Économie"],
        blocks=[
            (
                "p",
                "Les loyers ont encore augmenté de 4,2 % sur un an dans les dix plus grandes villes du pays, "
                "selon une étude publiée jeudi par un observatoire indépendant.",
            ),
            (
                "p",
                "La hausse est particulièrement marquée pour les petites surfaces. Un studio se loue désormais "
                "en moyenne 18 % plus cher qu'il y a trois ans, ce qui pèse lourdement sur les étudiants.",
            ),
            (
                "p",
                "« Un étudiant consacre désormais plus de la moitié de son budget au logement », souligne "
                "l'auteur de l'étude, qui appelle à un renforcement de l'encadrement des loyers.",
            ),
            (
                "p",
                "Le ministère du Logement a indiqué qu'un projet de loi serait présenté à l'automne, sans "
                "préciser son contenu. Les associations de locataires réclament des mesures immédiates.",
            ),
        ],
    ),
    Article(
        slug="es-sequia",
        lang="es",
        title="La sequía obliga a restringir el riego en tres comarcas",
        author="Javier Morales",
        date="2024-07-19",
        site="Diario del Levante",
        caption="Un embalse a menos del 20 % de su capacidad, en una imagen de archivo.",
        tags=["Medio ambiente", "Agricultura"],
        blocks=[
            (
                "p",
                "Las autoridades hidrográficas anunciaron este viernes nuevas restricciones al riego agrícola "
                "en tres comarcas, después de que los embalses cayeran por debajo del 20 % de su capacidad.",
            ),
            (
                "p",
                "Los agricultores solo podrán regar dos días por semana a partir del lunes. Las multas por "
                "incumplimiento podrán alcanzar los 10.000 euros, según el decreto publicado en el boletín oficial.",
            ),
            (
                "p",
                '"Estamos ante la peor sequía en treinta años", declaró el presidente de la confederación '
                'hidrográfica en rueda de prensa. "No hay margen para esperar a que llueva".',
            ),
            (
                "p",
                "Las organizaciones agrarias calificaron la medida de insuficiente y pidieron ayudas directas "
                "para compensar las pérdidas de cosecha, que estiman en más de 200 millones de euros.",
            ),
            (
                "p",
                "El consumo humano no se verá afectado por ahora, aseguraron las autoridades, aunque no "
                "descartan cortes nocturnos en algunos municipios si la situación empeora en agosto.",
            ),
        ],
    ),
    Article(
        slug="tech-layoffs",
        lang="en",
        title="Software firm cuts 1,200 jobs and blames slowing demand",
        author="Kevin Tran",
        date="2024-01-30",
        site="Business Wire Daily",
        tags=["Technology", "Jobs"],
        blocks=[
            (
                "p",
                "A software company that grew rapidly during the pandemic said on Tuesday it would cut about "
                "1,200 jobs, roughly 11 per cent of its workforce, as customers reduce spending.",
            ),
            (
                "p",
                'In a memo to staff, the chief executive said the company had "hired ahead of demand that did '
                'not materialise" and took full responsibility for the decision.',
            ),
            (
                "p",
                "The cuts will mostly affect sales and recruitment teams. Affected employees will receive at "
                "least 16 weeks of pay, the company said.",
            ),
            (
                "p",
                "Shares rose 4 per cent in early trading. Analysts said investors welcomed the cost savings, "
                "which the company estimates at $180m a year.",
            ),
            (
                "p",
                "The announcement follows similar moves by several larger technology groups in recent months.",
            ),
        ],
    ),
    Article(
        slug="court-ruling",
        lang="en",
        title="Court rules surveillance of journalists was unlawful",
        author="Amelia Hughes",
        date="2024-10-02",
        site="Law & Society Times",
        caption="The court building in the capital.",
        pullquote="A free press cannot function if its sources are watched.",
        tags=["Courts", "Press freedom"],
        blocks=[
            (
                "p",
                "The country's highest court ruled on Wednesday that the police acted unlawfully when they "
                "obtained the phone records of three journalists to identify their sources.",
            ),
            (
                "p",
                "In a unanimous judgment, the five judges said the requests had not been authorised by an "
                "independent body, as the law requires, and ordered the records to be destroyed.",
            ),
            (
                "quote",
                "A free press cannot function if its sources are watched. The protection of sources is not "
                "a privilege of journalists but a guarantee for the public.",
            ),
            (
                "p",
                "The journalists, who work for two national newspapers, had reported on alleged misconduct "
                'in a police procurement programme. Their lawyer said the ruling was "a landmark".',
            ),
            (
                "p",
                "The interior ministry said it would study the judgment carefully. Press freedom groups called "
                "for a public inquiry into how many similar requests had been made.",
            ),
        ],
    ),
]
