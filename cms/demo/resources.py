"""The demo resource library: ten resources across the types, and the files they offer.

Bodies are StreamField data as stored; `"document": "canvas"` and `"image": "canvas-image"`
name entries of DOCUMENTS and IMAGES, which the seed command creates first.
"""

from cms.demo import files


def _p(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}


def _heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _steps(title: str, *steps: tuple[str, str]) -> dict:
    return {"type": "steps", "value": {
        "title": title,
        "steps": [{"title": head, "text": f"<p>{text}</p>"} for head, text in steps],
    }}


def _callout(title: str, text: str) -> dict:
    return {"type": "callout", "value": {"title": title, "text": f"<p>{text}</p>"}}


def _quote(quote: str, attribution: str) -> dict:
    return {"type": "quote", "value": {"quote": quote, "attribution": attribution}}


def _download(document: str, description: str) -> dict:
    return {"type": "document", "value": {"document": document, "title": "",
                                          "description": description}}


DOCUMENTS = {
    "canvas": {
        "title": "Co-production planning canvas",
        "filename": "co-production-planning-canvas.pdf",
        "content": lambda: files.simple_pdf("Co-production planning canvas", [
            "Fill this in together, in the first meeting, with everyone who will take part. "
            "There are no wrong answers; the point is to say things out loud early.",
            "1. Why are we doing this? What would be different for people if it worked?",
            "2. Who is affected, and who is in the room? Who is missing, and why?",
            "3. What can this group actually decide? Write down what is fixed and what is open.",
            "4. How will people be paid or thanked? Agree rates, travel and childcare now.",
            "5. How will we meet? Times, places, online or in person, breaks, access needs.",
            "6. How will we know it went well? Choose two or three signs, in your own words.",
            "7. When will we look back at this canvas and change it?",
            "Keep a copy where everyone can see it, and date each version.",
        ]),
    },
    "payments": {
        "title": "Peer researcher payment planner",
        "filename": "peer-researcher-payment-planner.csv",
        "content": lambda: files.csv_file([
            ["Activity", "Hours", "Rate per hour (£)", "Travel (£)", "Care costs (£)",
             "Total (£)", "Paid how", "Notes"],
            ["Training day", "6", "15.00", "8.40", "0", "=B2*C2+D2+E2", "Bank transfer",
             "Lunch provided"],
            ["Interview (each)", "2", "15.00", "4.20", "12.00", "=B3*C3+D3+E3", "Voucher",
             "Ask which the person prefers"],
            ["Analysis workshop", "3", "15.00", "4.20", "0", "=B4*C4+D4+E4", "Bank transfer",
             ""],
            ["Writing up together", "4", "15.00", "0", "0", "=B5*C5+D5+E5", "Bank transfer",
             "Can be done from home"],
            ["Speaking at the launch", "2", "15.00", "8.40", "0", "=B6*C6+D6+E6",
             "Bank transfer", "Check benefits advice first"],
        ]),
    },
    "consent": {
        "title": "Story consent checklist",
        "filename": "story-consent-checklist.txt",
        "content": lambda: files.text_file("Story consent checklist", [
            "Use this before, during and after recording someone's story.",
            "Before: explain in plain words where the story might be shared, who will see it "
            "and for how long. Offer to record somewhere the storyteller chooses.",
            "During: remind the storyteller they can stop, skip a question or ask for "
            "something to be cut at any point, without giving a reason.",
            "After: play the recording back or share the transcript. Ask again whether they "
            "are happy for it to be shared, and write down the answer and the date.",
            "Later: tell storytellers when their story is used, and remove it when they ask. "
            "Consent is a conversation, not a form signed once.",
        ]),
    },
    "agreement": {
        "title": "Meeting agreement template",
        "filename": "meeting-agreement-template.txt",
        "content": lambda: files.text_file("Our meeting agreement", [
            "We write this together at our first meeting and look at it again every few "
            "months.",
            "We start and finish on time, and we take a break at least every hour.",
            "We use plain words. Anyone can ask what an acronym means, and we will thank "
            "them for asking.",
            "Lived experience and professional experience count equally here.",
            "What is said in the room stays in the room unless the person agrees otherwise.",
            "We say who makes each decision, and we write down what we decided and why.",
            "Everyone is paid or thanked as agreed, on time.",
        ]),
    },
}

IMAGES = {
    "canvas-image": {
        "title": "Planning canvas layout",
        "filename": "planning-canvas.png",
        "content": lambda: files.canvas_png([
            "Why are we doing this?", "Who is affected? Who is missing?",
            "What can we decide?", "Payment and thanks",
            "How we will meet", "How we will know it worked",
        ]),
    },
}

RESOURCES = [
    {
        "slug": "planning-a-co-produced-project",
        "title": "Planning a co-produced project: a starter toolkit",
        "resource_type": "toolkit",
        "audience": "everyone",
        "summary": "A one-page canvas and six steps to plan a project with the people it is "
                   "for, from the very first meeting.",
        "authors": "Dr Priya Sharma, Tom Riley",
        "organisation": "Greater Manchester Co-production Network",
        "licence": "cc-by-4.0",
        "date": "2026-09-14",
        "tags": ["CoProduceGM", "Toolkit"],
        "featured": True,
        "body": [
            _p("Many projects say they are co-produced once the plan is already written. This "
               "toolkit helps you start earlier: before the budget is fixed, before the "
               "questions are chosen, with everyone at the same table."),
            {"type": "image", "value": {
                "image": "canvas-image",
                "alt_text": "The planning canvas: six boxes titled Why are we doing this, Who "
                            "is affected and who is missing, What can we decide, Payment and "
                            "thanks, How we will meet, and How we will know it worked.",
                "caption": "The six boxes of the canvas.",
            }},
            _steps("How to use it",
                   ("Invite widely", "Ask people who use the service, and people who have "
                                     "stopped using it, before you invite staff."),
                   ("Agree payment first", "Settle rates, travel and care costs before the "
                                           "first meeting, so nobody has to ask."),
                   ("Fill in the canvas together", "Print it large or share it on screen. "
                                                   "One person writes; everyone speaks."),
                   ("Name what is fixed", "Be honest about what cannot change. It builds "
                                          "more trust than pretending everything is open."),
                   ("Share the notes", "Send everyone the filled-in canvas within a week."),
                   ("Come back to it", "Look at the canvas again every few months and "
                                       "change it.")),
            _download("canvas", "Print it on A3 if you can, so there is room to write."),
            _callout("A tip from the network", "If only staff turn up to the first meeting, "
                     "stop and ask why before carrying on."),
        ],
    },
    {
        "slug": "paying-peer-researchers-fairly",
        "title": "Paying peer researchers fairly",
        "resource_type": "toolkit",
        "audience": "organisations",
        "summary": "How to budget for peer researchers' time, travel and care costs, with a "
                   "payment planner you can copy.",
        "authors": "Sian Jenkins",
        "organisation": "Oldham Peer Research Collective",
        "licence": "cc-by-sa-4.0",
        "date": "2026-07-02",
        "tags": ["PeerResearch", "Toolkit", "LivedExperience"],
        "featured": True,
        "body": [
            _p("Peer researchers bring expertise that nobody else in the team has. Paying "
               "them properly, and on time, is part of doing the research well."),
            _heading("What to budget for"),
            _p("Count every hour: training, interviews, analysis, writing and speaking at "
               "events. Add travel, care costs and refreshments. Ask each person how they "
               "would like to be paid, and check whether payments could affect their "
               "benefits before you agree anything."),
            _download("payments", "Open it in any spreadsheet program; the totals add up "
                                  "for you."),
            _quote("Being paid on the day, not six weeks later, was what told me they meant "
                   "it.", "A peer researcher in the collective"),
        ],
    },
    {
        "slug": "community-reporting-with-consent",
        "title": "Community reporting: recording stories with consent",
        "resource_type": "toolkit",
        "audience": "practitioners",
        "summary": "A practical guide to recording people's own stories on a phone, with a "
                   "consent checklist for before, during and after.",
        "authors": "Dave Mullen, Jonah Birch",
        "organisation": "Wigan Recovery Cafe",
        "licence": "cc-by-nc-4.0",
        "date": "2026-05-20",
        "tags": ["CommunityReporting", "Toolkit", "LivedExperience"],
        "body": [
            _p("Community reporting means people telling their own stories, in their own "
               "words, and deciding how those stories are used. A phone and a quiet room are "
               "enough to start."),
            _steps("Recording a story",
                   ("Talk first", "Explain where the story could be shared and for how long."),
                   ("Let the storyteller lead", "Use one open question, such as: what would "
                                                "you like people to know?"),
                   ("Check again afterwards", "Play it back and ask whether they are still "
                                              "happy for it to be shared.")),
            _download("consent", "Keep a copy with every recording."),
        ],
    },
    {
        "slug": "two-years-of-co-producing-mental-health-services",
        "title": "Two years of co-producing mental health services: what we learned",
        "resource_type": "report",
        "audience": "commissioners",
        "summary": "An honest look back at a two-year partnership between a mental health "
                   "trust and the people who use its services: what changed, and what did "
                   "not.",
        "authors": "Helen Whitworth and the service user panel",
        "organisation": "Pennine Moors NHS Foundation Trust",
        "licence": "cc-by-4.0",
        "date": "2026-03-10",
        "tags": ["Evaluation", "CoProduceGM"],
        "body": [
            _p("We set out to change how a community mental health service was planned. "
               "Some things changed quickly: waiting room information was rewritten by "
               "people who had sat in those rooms. Others took far longer than we hoped."),
            _heading("What made the difference"),
            _p("Three things mattered most: a budget the group controlled, a named person in "
               "the trust who could say yes, and meeting at times that suited people who "
               "work shifts or care for others."),
            _callout("What we would change", "We would pay people from the first meeting, "
                     "not from the third, and we would publish every decision we made."),
        ],
    },
    {
        "slug": "spotting-faux-co-production",
        "title": "Spotting faux co-production: questions to ask before you start",
        "resource_type": "guide",
        "audience": "everyone",
        "summary": "Ten plain questions that help you tell real co-production from a "
                   "consultation with a new name.",
        "authors": "Jonah Birch",
        "organisation": "",
        "licence": "cc-by-4.0",
        "date": "2026-08-01",
        "tags": ["FauxCoProduction", "Inclusion"],
        "body": [
            _p("If you are invited to co-produce something, it is fair to ask what power you "
               "will really have. These questions help you ask it kindly and clearly."),
            _steps("Questions to ask",
                   ("What has already been decided?", "And who decided it?"),
                   ("What can this group change?", "Ask for an example."),
                   ("Who holds the budget?", "Can the group see it?"),
                   ("How will people be paid?", "Before, not after, the work."),
                   ("What happens to what we say?", "Will we hear back, and when?")),
        ],
    },
    {
        "slug": "meeting-agreement-template",
        "title": "A meeting agreement for mixed groups",
        "resource_type": "template",
        "audience": "organisations",
        "summary": "A ready-to-edit agreement for groups where people with lived experience, "
                   "staff and volunteers meet as equals.",
        "authors": "Amina Hussain",
        "organisation": "Bolton Carers Network",
        "licence": "cc-by-4.0",
        "date": "2026-06-12",
        "tags": ["Inclusion", "Toolkit"],
        "body": [
            _p("Groups work better when everyone knows how the group works. Use this as a "
               "starting point and change every line that does not fit."),
            _download("agreement", "Edit it in any text editor, then print it for the wall."),
        ],
    },
    {
        "slug": "young-people-lead-an-evaluation",
        "title": "Young people lead an evaluation (film and transcript)",
        "resource_type": "video",
        "audience": "researchers",
        "summary": "A short film made by young evaluators about choosing their own measures "
                   "of success for a youth service, with a full transcript.",
        "authors": "The Stockport Youth Voice evaluators",
        "organisation": "Stockport Youth Voice",
        "licence": "cc-by-nc-4.0",
        "date": "2026-04-25",
        "tags": ["YouthVoice", "Evaluation"],
        "body": [
            _p("Eight young people spent a year evaluating the youth service they use. In "
               "this film they explain why they threw away the first set of indicators and "
               "wrote their own. The film has subtitles and is shown at network events; the "
               "transcript is below."),
            _heading("Transcript"),
            _p("We were given a survey with forty questions. Nobody we knew would finish it.",
               "So we asked our friends what a good youth club feels like. They said: "
               "somewhere you are listened to, somewhere safe, somewhere you can bring a "
               "mate.",
               "Those became our three measures. We checked them every term, and we "
               "presented what we found to the council ourselves."),
            _quote("We stopped being the people being measured and started doing the "
                   "measuring.", "One of the young evaluators"),
        ],
    },
    {
        "slug": "aminas-story",
        "title": "Amina's story: from service user to co-chair",
        "resource_type": "story",
        "audience": "lived_experience",
        "summary": "How one member went from a feedback form to co-chairing a service "
                   "redesign, told in her own words.",
        "authors": "Amina Hussain",
        "organisation": "",
        "licence": "all-rights-reserved",
        "date": "2026-09-28",
        "tags": ["LivedExperience", "CoProductionWeek"],
        "featured": True,
        "body": [
            _p("The first time I was asked for my views, it was a form at the end of an "
               "appointment. I filled it in and never heard anything back.",
               "Two years later, someone rang and asked whether I would help plan the new "
               "service. I said yes, mostly out of curiosity. I expected to be the token "
               "person in the room."),
            _quote("What changed my mind was the first agenda. My name was on it, next to "
                   "the manager's, as co-chair.", "Amina"),
            _p("It was not always easy. Some meetings were full of words I did not know. But "
               "people learned to slow down, and I learned to ask. Now I help new members "
               "find their feet."),
        ],
    },
    {
        "slug": "citizens-assembly-on-a-small-budget",
        "title": "Running a citizens' assembly on a small budget",
        "resource_type": "guide",
        "audience": "commissioners",
        "summary": "What a neighbourhood citizens' assembly needs, what it can do without, "
                   "and how to link it to real spending decisions.",
        "authors": "Tom Riley",
        "organisation": "Salford City Council, Adult Social Care Commissioning",
        "licence": "ogl-3.0",
        "date": "2026-02-18",
        "tags": ["CitizensAssembly", "ParticipatoryBudgeting"],
        "body": [
            _p("Citizens' assemblies do not have to be large or expensive. A well-run "
               "assembly of thirty residents over three evenings can make a real decision, "
               "if the council agrees in advance to act on it."),
            _heading("Where the money goes"),
            _p("Spend on the things that let people take part: payment for their time, food, "
               "childcare, interpreters and a good facilitator. Save on venues and printing."),
            _callout("Before you begin", "Agree in writing which decision the assembly will "
                     "make and how much money it controls."),
        ],
    },
    {
        "slug": "long-covid-peer-support",
        "title": "Long Covid peer support: what members asked for",
        "resource_type": "report",
        "audience": "lived_experience",
        "summary": "Findings from peer researchers who spoke with people living with Long "
                   "Covid about the support they want from each other and from services.",
        "authors": "Rosa Delgado, Sian Jenkins",
        "organisation": "Long Covid Peer Support North West",
        "licence": "cc-by-4.0",
        "date": "2026-01-30",
        "tags": ["LongCovid", "PeerResearch"],
        "body": [
            _p("Peer researchers, all living with Long Covid themselves, held short "
               "conversations with members over the phone and online, at times that suited "
               "people's energy levels."),
            _heading("What people asked for"),
            _p("Shorter meetings with breaks. Groups that do not expect people to turn on a "
               "camera. Information written for someone with brain fog. And, most of all, "
               "to be believed."),
        ],
    },
]
