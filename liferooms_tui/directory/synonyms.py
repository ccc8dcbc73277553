"""Lay words and phrases people use at a drop-in and services use of themselves, and the needs they point to:
the one vocabulary of needs, for the search (lay_words.py) and for tagging a service's needs (tagging.py).

"I've had a letter from my landlord" is a housing conversation; "they've stopped my PIP" is a money one.
The search maps these words to needs, so partners meeting the need are found even when their own text uses
other words. One line per need; phrases are separated by commas and may have several words ("rent arrears").
A phrase listed under two needs points to both. Matching is case-insensitive and forgives small typos.
"""

from __future__ import annotations

_BY_NEED: dict[str, str] = {
    "housing": """
        tenancies, landlords, evictions, rough sleepers, hostels, supported living, homeless people,
        emergency accommodation, housing advice, housing support, floating support,
        housing, house, home, homes, homeless, homelessness, evicted, eviction, evict, being evicted, landlord,
        landlady, letting agent, estate agent, tenancy, tenant, tenants, rent, renting, rented, private rent,
        rent arrears, rent increase, rent rise, behind on rent, rough sleeping, sleeping rough, sleeping out,
        on the streets, streets, sofa surfing, nowhere to live, nowhere to stay, nowhere to sleep, bed tonight,
        kicked out, thrown out, hostel, shelter, refuge, flat, bedsit, council house, council flat,
        housing association, housing list, housing register, bidding, moving house, move house, repairs,
        disrepair, damp, mould, mold, leak, leaking roof, section 21, notice to quit, possession, possession order,
        repossession, mortgage, mortgage arrears, temporary accommodation, accommodation, b&b, overcrowded,
        overcrowding, deposit, bond, lodger, lodgings, supported housing, sheltered housing, care leaver,
        adaptations, stairlift, grab rail, furniture, white goods, cold house, cold home, damp flat, boiler,
        neighbour, neighbours, noise, anti social behaviour, hoarding, clutter, bungalow, downsizing,
        housing benefit, move on, first flat, new flat, empty flat, leaving prison, prison release, unsafe home
        """,
    "debt": """
        money advice, welfare rights, welfare, welfare benefits, benefits advice, benefit advice, benefits check,
        benefits checks, claiming benefits, benefit claims, financial, finance, income maximisation, debt advice,
        low income, food aid, food club, food provision, free food, affordable food, surplus food, community larder,
        larder, community fridge, pantry, community shop, free meals, free meal, community meal, community meals,
        warm space, warm spaces, warm welcome, welcome space, welcoming space, clothing bank, baby bank,
        energy advice, free school meals,
        debt, debts, money, money worries, owe, owing, owe money, skint, broke, no money, bills, bill, loan, loans,
        payday loan, loan shark, doorstep lender, credit card, credit cards, overdraft, catalogue,
        buy now pay later, klarna, arrears, bailiffs, bailiff, enforcement agent, debt collector, ccj,
        county court judgment, court fine, parking fine, fines, council tax, universal credit, uc, pip,
        personal independence payment, esa, jsa, dla, pension credit, housing benefit, child benefit,
        tax credits, carers allowance, attendance allowance, benefits, benefit, benefit check, sanction,
        sanctioned, mandatory reconsideration, benefit appeal, tribunal, budgeting, budget, bankrupt, bankruptcy,
        iva, debt relief order, dro, energy bills, gas bill, electric bill, electricity, prepayment meter, meter,
        top up, water bill, phone bill, food bank, foodbank, food parcel, hungry, no food, groceries,
        cost of living, savings, bank account, scam, scammed, fraud, gambling, betting, bookies, grant, grants,
        funeral costs, school uniform, winter fuel, fuel vouchers, fuel poverty, income, hardship, cant pay,
        cant afford, struggling to pay, rent arrears, mortgage arrears, redundancy pay, wages, payslip,
        pension, tax, red letters, court letter
        """,
    "employment": """
        employability, jobseekers, cvs, apprenticeships, interview skills, self employment, unemployment,
        job club, job clubs, volunteering opportunities, volunteer opportunities, volunteering roles,
        become a volunteer, coworking, business support, business advice, getting to work, get to work,
        employment, job, jobs, work, working, unemployed, out of work, jobless, jobseeker, jobcentre, job centre,
        cv, resume, cover letter, interview, interviews, job interview, application form, apply for jobs,
        job search, looking for work, career, careers, volunteering, volunteer, voluntary work, work experience,
        placement, work placement, apprenticeship, traineeship, redundancy, redundant, laid off, sacked, fired,
        back to work, return to work, self employed, own business, start a business, business, employer,
        zero hours, part time, full time, shift work, warehouse, forklift, retail, hospitality, catering, cscs,
        sia, construction, labouring, references, reference, dbs, criminal record, job coach, work coach,
        access to work, work skills, first job, trade, get a job, income from work, agency work
        """,
    "wellbeing": """
        mental wellbeing, emotional support, peer support, support group, physical activity, social prescribing,
        sports, tai chi, qigong, pilates, zumba, martial arts, kickboxing, taekwondo, karate, archery, rowing,
        cycling, bowls, badminton, tennis, cricket, netball, golf, footy, keep fit, leisure centre, dementia cafe,
        memory cafe, memory loss, mindfulness, meditation, massage, bullying, hate crime, cuppa, chat, socialise,
        socialising, social group, community cafe, friendship, friendships, new friends, meet new people,
        get together, long term health conditions, long term conditions, long term condition, health conditions,
        fibromyalgia, cancer, stroke, parkinsons, epilepsy, learning disabilities, learning disability,
        visual impairment, visually impaired, sight loss, hearing loss, deaf, blind, wheelchair, carers,
        drink problem, drinking problem, booze, drug problem, cannabis, cocaine, heroin, drunk, hangover,
        using drugs, talking therapy,
        health visitor, healthy weight, weight management, weight loss, reminiscence, dads group, well-being,
        counseling, gardeners, walking group, walking football, healthy living, wellness, dementia friendly,
        coffee and cake, tea and cake, coffee and chat, tea and a chat, cuppa and a chat, rare disease,
        alcoholics anonymous, alcoholic, alcoholics, narcotics anonymous, drug and alcohol, substance misuse,
        athletics, running club, parkrun, huntingtons, multiple sclerosis, motor neurone, neurological,
        physiotherapy, sexual assault, alexander technique, tea party, tea parties, men's breakfast,
        mens breakfast, breakfast club, men's group, mens group, women's group, womens group, bingo,
        luncheon club, taiji, kurling, curling, horse riding, social gathering, board games, games club,
        wellbeing, well being, low, low mood, mood, sad, down, feeling down, depressed, depression, anxious,
        anxiety, worried, worry, worries, stress, stressed, panic, panic attacks, nerves, lonely, loneliness,
        alone, live alone, isolated, isolation, no friends, make friends, meet people, company,
        friends, bored, grief, grieving, bereaved, bereavement, loss, died, death, widow, widowed, mental health,
        counselling, therapy, talk, talking, someone to talk to, sleep, insomnia, cant sleep, tired, exhausted,
        fitness, exercise, walking, walks, gym, swimming, yoga, football, sport, running, weight, lose weight,
        diet, healthy eating, pain, chronic pain, back pain, arthritis, diabetes, copd, breathing, long covid,
        disability, disabled, carer, caring, dementia, memory, alzheimers, autism, adhd, ptsd, trauma,
        self esteem, confidence, anger, suicidal, suicide, self harm, drinking, alcohol, drugs, addiction,
        recovery, smoking, quit smoking, vaping, menopause, postnatal, new mum, parenting, domestic abuse,
        abuse, violence, veteran, ex forces, older, elderly, housebound, gardening, allotment, nature, outdoors,
        mens shed, befriending, befriender, social, coffee morning, lunch club, tea and chat, health,
        physical health, fresh air, relax, relaxation, calm, struggling, not coping, overwhelmed, hopeless
        """,
    "creative": """
        films, cinema, film club, comedy, puppet, resin, willow, weaving, needlework, arts and crafts, bell ringing,
        fabric, fabrics, engraving, model making, modellers, modelling, crafters, crafternoon, folk, singer,
        songwriter, guitarist, vocals,
        creative, creativity, art, arts, artist, painting, paint, drawing, draw, sketching, watercolour,
        pottery, ceramics, clay, sculpture, crafts, craft, knitting, crochet, sewing, quilting, textiles,
        woodwork, making, music, musician, singing, sing, choir, band, guitar, ukulele, drums, drumming,
        instrument, piano, song, songs, songwriting, rap, poetry, poems, poem, poet, creative writing, writing,
        stories, storytelling, memoir, spoken word, open mic, theatre, drama, acting, dance, dancing,
        photography, photo, photos, camera, film, filmmaking, video, animation, printmaking, mosaic, zine,
        comics, design, jewellery, embroidery, museum, gallery, exhibition, concert, gig, performing
        """,
    "learning": """
        education, english language, digital inclusion, u3a, cookery, cooking classes, cookery classes,
        adult learning, community learning, homework club, language classes, courses for adults, esol classes,
        reading group, book club, reading support, computer classes, computer skills, computer course,
        computer courses, computer club, computer sessions,
        learning, learn, course, courses, class, classes, college, qualification, qualifications, gcse,
        functional skills, maths, math, numeracy, sums, english, reading, read, writing, literacy, spelling,
        esol, english lessons, learn english, english classes, computer, computers, digital, digital skills,
        internet, online, email, smartphone, tablet, laptop, it skills, coding, study, studying, exam, exams,
        certificate, training, adult education, university, degree, lessons, tutor, homework, school,
        first aid, food hygiene, theory test, driving theory, citizenship, life in the uk, sign language, bsl,
        skills, new skills, go back to learning, evening class, numbers, typing, spreadsheet
        """,
}


# Words that mean a need when an advisor types them, but are too loose to tag a service from its own words
# ("rent the hall", "run by volunteers", "fitness classes", "of course", "value for money", "online booking").
# Taxonomy terms may still use them: a term is chosen on purpose.
TYPED_ONLY = frozenset(_phrase.strip() for _phrase in """
    house, home, homes, flat, rent, renting, rented, streets, repairs, furniture, deposit, bond, move on, noise,
    neighbour, neighbours, shelter, bidding, possession, leak, meter, top up, tax, pension, savings, grant, grants,
    money, bills, bill, benefit, benefits, income, budget, fines, tribunal, welfare, financial, finance, sanction,
    work, working, business, trade, retail, hospitality, catering, construction, warehouse, reference, references,
    interview, interviews, volunteer, volunteers, volunteering, placement, part time, full time, employer, dbs, sia,
    low, mood, down, sad, company, friends, talk, talking, loss, died, death, weight, memory, older, elderly,
    social, calm, relax, running, caring, struggling, worry, worried, worries, alone, bored, tired, drinking,
    diet, breathing, nerves, panic, chat, get together, golf,
    making, draw, design, writing, stories, photo, photos, video, exhibition, band, song, songs, paint,
    reading, read, english, class, classes, course, courses, learn, lessons, training, skills, online, internet,
    email, digital, tablet, laptop, smartphone, study, studying, school, university, college, certificate, numbers,
    typing, degree, computer, computers, education, confidence, self esteem
    """.replace("\n", " ").split(","))

# Phrases in which a word that would tag is incidental: they never tag ("health benefits", "benefit from",
# "learning difficulties"). A longer phrase of a need wins too: "learning disabilities" is wellbeing, not
# learning; "martial arts" is exercise, not art.
INCIDENTAL = tuple(_phrase.strip() for _phrase in """
    health benefits, benefit from, benefits of, benefit of, benefit to, for the benefit of, value for money,
    raise money, raising money, money raised, golf course, of course, in due course, over the course, course of,
    retirement housing, housing estate, learning difficulties, learning difficulty, health and safety, work with,
    working with, we work, works with,
    worked with, working together, work together, home visit, home visits, at home, care home, care homes,
    nursing home, state of the art, job loss
    """.replace("\n", " ").split(","))


# What people say -> the words services use for the same thing, also looked for in the directory (with less
# weight than the words typed): "drink problem" finds "alcohol" services, "evicted" finds "homeless" ones.
_LOOK_FOR = {
    "alcohol": "drink problem, drinking problem, drinking, booze, drunk, hangover",
    "addiction substance drug": "drugs, drug problem, using drugs, cannabis, cocaine, heroin",
    "homeless homelessness eviction": "evicted, eviction, being evicted, evict, kicked out, thrown out, "
                                      "nowhere to live, nowhere to stay, nowhere to sleep, sofa surfing, "
                                      "notice to quit, section 21, possession order, rough sleeping, sleeping rough",
    "debt foodbank": "skint, broke, no money, cant pay, cant afford, struggling to pay, owe money, red letters",
    "food foodbank": "hungry, no food, food parcel",
    "befriending loneliness lonely isolation": "lonely, loneliness, isolated, isolation, no friends, alone, "
                                               "live alone, meet people, make friends",
    "bereavement bereaved": "grief, grieving, died, death, widow, widowed, loss",
    "depression anxiety": "low mood, depressed, sad, feeling down, anxious, panic attacks, nerves, worried, stressed",
    "employability employment": "out of work, unemployed, jobless, laid off, sacked, redundant",
    "esol": "learn english, english lessons, english classes",
    "counselling": "someone to talk to, talking therapy, therapy",
}
LOOK_FOR: dict[str, tuple[str, ...]] = {}
for _words, _said in _LOOK_FOR.items():
    for _phrase in _said.split(","):
        LOOK_FOR[_phrase.strip()] = tuple(dict.fromkeys(LOOK_FOR.get(_phrase.strip(), ()) + tuple(_words.split())))


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", " ").split(",") if p.strip()]


SYNONYMS: dict[str, tuple[str, ...]] = {}
for _need, _text in _BY_NEED.items():
    for _phrase in _phrases(_text):
        SYNONYMS[_phrase] = tuple(dict.fromkeys(SYNONYMS.get(_phrase, ()) + (_need,)))
