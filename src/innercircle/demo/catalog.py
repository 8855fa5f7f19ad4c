"""The demo's vocabulary: names, organizations, roles and the words people write (fictional throughout).

Every domain ends in ``.example`` (RFC 2606) and every phone number is in the fictional 555-01xx range,
so nothing the demo writes can reach a real person.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Aisha Amara Anders Ana Andrea Arjun Astrid Ben Bianca Carlos Chen Chloe Clara Daniel Dara Diego "
    "Elena Elif Emeka Emma Ethan Fatima Felix Freya Gabriel Grace Hana Hannah Hugo Ian Ines Isaac "
    "Ivan Jade James Jana Javier Jin Jonas Jordan Julia Kai Karin Kofi Laila Lars Leah Leo Lina "
    "Lucas Luis Maja Malik Marco Maria Mateo Maya Mei Mila Mohammed Nadia Naomi Nia Nikhil Nina Noah "
    "Nora Olga Omar Oscar Paula Pedro Priya Rafael Rania Ravi Rosa Ruth Sam Samir Sara Sebastian "
    "Sofia Sven Tariq Tessa Theo Tomas Uma Valentina Victor Wei Yara Yusuf Zara Zoe Adele Bruno "
    "Camille Dmitri Esther Farah Georg Helena Ilse Joao Kenji Lucia Magnus Nils Orla Pavel Quinn "
    "Reza Signe Tobias Ursula Vera Wanjiru Ximena Yosef Zainab"
)

LAST_NAMES = _words(
    "Abara Achebe Adeyemi Alvarez Andersen Arslan Bauer Becker Bergstrom Bianchi Brennan Byrne "
    "Castillo Chandra Chen Costa Dalton Dimitrov Duarte Eriksen Evans Farouk Fischer Fontaine Garcia "
    "Ghosh Gupta Haddad Hansen Hartley Herrera Hoffmann Huang Ibrahim Ivanova Jensen Jovanovic Kaur "
    "Keller Kim Kowalski Kruger Larsen Laurent Lindqvist Lopez Mahmoud Marino Martins Mbeki Mendes "
    "Meyer Moreau Murphy Nakamura Navarro Nguyen Nielsen Novak Nowak Okafor Okonkwo Olsen Ortiz Osei "
    "Park Patel Pereira Petrov Quinn Rahman Ramos Reyes Richter Rossi Sato Schmidt Schneider Silva "
    "Singh Sokolov Sorensen Suzuki Tanaka Thompson Torres Ueda Vargas Varga Vasquez Vogel Wagner "
    "Walsh Weber Wong Yamamoto Yilmaz Zhang Zielinski Zimmermann Afolabi Bakker Carvalho Demir "
    "Edwards Fernandes Gallo Horvath Iqbal Janssen Kovac Lund Moretti Nair Oyelaran Pajari Rinaldi "
    "Shah Takahashi Uddin Valdez"
)


@dataclass(frozen=True, slots=True)
class Org:
    """A fictional organization."""

    name: str
    domain: str
    sector: str  # vc | tech | climate | services | academia | corporate


ORGS: tuple[Org, ...] = (
    Org("Northstar Ventures", "northstar-vc.example", "vc"),
    Org("Harbor Seed Partners", "harborseed.example", "vc"),
    Org("Gradient Capital", "gradientcap.example", "vc"),
    Org("Evergreen Climate Fund", "evergreenfund.example", "vc"),
    Org("Lattice Angels", "latticeangels.example", "vc"),
    Org("Bluefin Capital", "bluefin.example", "vc"),
    Org("Copperline Software", "copperline.example", "tech"),
    Org("Orbitals", "orbitals.example", "tech"),
    Org("Parcelwise", "parcelwise.example", "tech"),
    Org("Kestrel Data", "kestreldata.example", "tech"),
    Org("Brightloop", "brightloop.example", "tech"),
    Org("Quarry Systems", "quarrysys.example", "tech"),
    Org("Nimbus Cloud", "nimbuscloud.example", "tech"),
    Org("Fernway Health", "fernway.example", "tech"),
    Org("Stackhaus", "stackhaus.example", "tech"),
    Org("Pixelmint", "pixelmint.example", "tech"),
    Org("Helio Grid", "heliogrid.example", "climate"),
    Org("Carbonmap", "carbonmap.example", "climate"),
    Org("Tidewater Energy", "tidewater.example", "climate"),
    Org("Verdant Storage", "verdantstorage.example", "climate"),
    Org("Windward Analytics", "windward.example", "climate"),
    Org("Rootstock Climate Lab", "rootstock.example", "climate"),
    Org("Meridian Consulting", "meridian.example", "services"),
    Org("Talentbridge Recruiting", "talentbridge.example", "services"),
    Org("Ledger & Vale LLP", "ledgervale.example", "services"),
    Org("Brightside Design Studio", "brightside.example", "services"),
    Org("Westbrook University", "westbrook.example", "academia"),
    Org("Institute for Energy Systems", "ies-institute.example", "academia"),
    Org("Atlas Bank", "atlasbank.example", "corporate"),
    Org("Globex Logistics", "globex.example", "corporate"),
    Org("Municipal Power Authority", "mpa.example", "corporate"),
    Org("Rivergate Retail", "rivergate.example", "corporate"),
)

OWNER_ORG = Org("Tessellate Labs", "tessellate.example", "tech")
# Fictional numbers only: NNN-555-0100 … NNN-555-0199 in these US area codes.
AREA_CODES = _words(
    "415 212 646 312 617 206 503 303 512 404 305 202 213 718 917 347 408 650 510 925 "
    "619 858 702 480 602 801 612 414 216 313"
)
PERSONAL_DOMAINS = ("example.com", "example.org", "example.net")


@dataclass(frozen=True, slots=True)
class Archetype:
    """A kind of contact: where they work, what they do, what the user talks with them about."""

    name: str
    sectors: tuple[str, ...]
    titles: tuple[str, ...]
    tags: tuple[str, ...]
    subjects: tuple[str, ...]


ARCHETYPES: dict[str, Archetype] = {
    a.name: a
    for a in (
        Archetype(
            "investor",
            ("vc",),
            ("Partner", "General Partner", "Principal", "Investment Associate", "Angel Investor"),
            ("investor", "fundraising"),
            (
                "Tessellate - quick update",
                "Seed round timing",
                "Follow-up on our pitch",
                "Deck v7",
                "Intro: Tessellate <> your fund",
                "Data room access",
                "Thoughts on the grid market",
            ),
        ),
        Archetype(
            "engineer",
            ("tech",),
            (
                "Senior Software Engineer",
                "Staff Engineer",
                "Backend Engineer",
                "Engineering Manager",
                "Principal Engineer",
                "Site Reliability Engineer",
            ),
            ("engineering",),
            (
                "Coffee next week?",
                "Rust vs Go for our ingestion path",
                "Are you open to new roles?",
                "Code review tooling",
                "Your talk at the meetup",
                "Hiring: founding engineer",
            ),
        ),
        Archetype(
            "recruiter",
            ("services",),
            ("Technical Recruiter", "Talent Partner", "Head of Talent"),
            ("hiring", "recruiting"),
            (
                "Candidates for the backend role",
                "Interview loop feedback",
                "Salary bands",
                "Shortlist for founding engineer",
            ),
        ),
        Archetype(
            "climate",
            ("climate", "academia"),
            (
                "Head of Grid Partnerships",
                "Energy Analyst",
                "Research Scientist",
                "Climate Policy Lead",
                "Founder",
                "Director of Sustainability",
            ),
            ("climate", "energy"),
            (
                "Reading list on grid flexibility",
                "Pilot with your team?",
                "Battery storage question",
                "Carbon accounting data",
                "Notes from the climate breakfast",
            ),
        ),
        Archetype(
            "founder",
            ("tech", "climate"),
            ("Founder & CEO", "Co-founder & CTO", "Founder"),
            ("founder",),
            (
                "Founder dinner",
                "How did you handle your seed?",
                "Pricing question",
                "Board meeting prep",
                "Swap notes on hiring",
            ),
        ),
        Archetype(
            "customer",
            ("corporate", "climate"),
            ("VP Operations", "Head of Digital", "Grid Operations Manager", "Procurement Lead", "CTO"),
            ("customer",),
            (
                "Pilot scope",
                "Proposal for phase two",
                "Invoice and next steps",
                "Feature request",
                "Quarterly check-in",
            ),
        ),
        Archetype(
            "advisor",
            ("services", "academia", "vc"),
            ("Advisor", "Professor of Energy Systems", "Managing Director", "Operating Partner"),
            ("advisor", "mentor"),
            ("Advice on the term sheet", "Catch-up", "Board composition", "Go-to-market thoughts"),
        ),
        Archetype(
            "peer",
            ("tech", "services", "corporate"),
            (
                "Product Manager",
                "Designer",
                "Data Scientist",
                "Marketing Lead",
                "Consultant",
                "Head of Product",
            ),
            (),
            ("Catch-up", "Lunch?", "Article you might like", "Quick question", "Conference next month"),
        ),
    )
}

FRIEND_SUBJECTS = ("Weekend?", "Dinner Friday", "Photos from the trip", "Happy birthday!", "Catching up")
TEXTS_OUT = ("Running 5 min late", "Free for a call later?", "Saw this and thought of you", "Thanks again!")
TEXTS_IN = ("Call me when you can", "Are we still on for tonight?", "Ha, yes!", "Good luck tomorrow!")

TOPICS_OFF_GOAL = (
    ("crypto", "web3"),
    ("marketing", "growth"),
    ("design", "product"),
    ("fintech",),
    ("ai", "startups"),
    ("networking",),
    ("ecommerce", "growth"),
)

BURNOUT_EVENT_TITLES = (
    "Startup Drinks",
    "Growth Hackers Night",
    "Web3 Builders Mixer",
    "Product Tank",
    "AI After Hours",
    "Founders Pub Quiz",
    "Marketing Meetup",
    "Fintech Fireside",
    "Design Systems Social",
    "Tech Networking Night",
    "Demo Night",
    "SaaS Founders Circle",
    "Women in Tech Mixer",
    "E-commerce Meetup",
    "Rooftop Founders Social",
    "No-Code Night",
)

PLACES = (
    "Second Home, Spitalfields",
    "The Trampery, Old Street",
    "Google Campus",
    "WeWork Moorgate",
    "Huckletree West",
    "Royal Institution",
    "Somerset House",
    "Impact Hub Islington",
)

CHILD_NAMES = ("Mia", "Leo", "Ava", "Max", "Zoe", "Sami", "Ines", "Oskar", "Lily", "Noor", "Felix", "Ada")
PASSIONS = (
    "trail running",
    "sourdough baking",
    "sailing",
    "chess",
    "jazz piano",
    "rock climbing",
    "birdwatching",
    "cycling to work",
    "ceramics",
    "open-water swimming",
)
CHALLENGES = (
    "hiring a data team",
    "moving to Lisbon next spring",
    "a difficult board",
    "burning out a little",
    "a parent in hospital",
    "selling their first enterprise deal",
)
ACHIEVEMENTS = (
    "promoted to Partner",
    "closed a Series A round",
    "launched v2 of the product",
    "gave a keynote at GridTech",
    "published a paper on demand response",
    "became Head of Engineering",
    "ran their first marathon",
)
ASKS = (
    "asked for intros to grid operators in Europe",
    "looking for a senior Rust engineer",
    "wants feedback on their pitch deck",
    "asked about our pricing model",
)
