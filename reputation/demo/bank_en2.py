"""English topic phrases, second half (same section layout and wording rules as ``bank_en``)."""

TOPICS_EN2: dict[str, str] = {
    "5g_phones": """
## neg
{brand} 5G in {city}? Pathetic, I'm on LTE [everywhere|all the time]
The {device} I got from {brand} [overheats|keeps crashing] after {days} days, [awful|so disappointed]
{brand}'s 5G plan costs ${price} for speeds [worse than 4G|that are pathetic], [scam|shameful]
{brand} refuses to swap my defective {device}, [disgusting|outrageous]
Upgrading my phone with {brand} is [hell|a scam], ${amount} in fees
[Come on|Seriously], {brand} refuses to unlock my {device}, [ridiculous|unacceptable]
{brand}'s 5G kills my battery in [{hours} hours|one morning], [terrible|awful]
Paid full price for the {device} at {brand} and the 5G is awful, [so disappointed|I'm so angry]
{brand} claims 5G everywhere but that's a lie in {city}, [liars|what a scam]
## negq
Why is my {device} slower on 5G than 4G with {brand}? [Useless|Ridiculous]
Anyone else having [problems|bugs] with the {device} from {brand}? [So disappointed|Awful]
## pos
{brand}'s 5G in {city} is [amazing|super fast and great], {speed} Mbps on my {device}
Upgraded to the {device} at {brand} in {minutes} minutes, [perfect|awesome]
[Great|Amazing] deal on the {device} at {brand}, [highly recommend|really happy]
{brand}'s 5G plan is totally worth it, [love it|great speeds everywhere]
{brand} swapped my {device} [right away|quickly], [great job|thanks so much]
Finally 5G with {brand} [in my neighbourhood|in {city}], [so happy|awesome]
## q
Is the {device} compatible with {brand}'s 5G?
[Anyone know if|Does anyone know if] {brand} offers the {device} at $0 a month?
What's the difference between the 5G and 5G+ plans at {brand}?
Is {brand} 5G available in {city}?
Should I buy the {device} from {brand} or from {brand2}?
How do I turn on 5G on my {device} with {brand}?
## sug
{brand} should run a trade-in program for old phones
{brand} should add eSIM on every plan
{brand} should publish [an up-to-date|a street-level] 5G map
## info
{brand} launches 5G+ in {city} [this week|in {month}]
The {device} is now available at {brand} from ${price}
{brand} adds eSIM to its [prepaid|monthly] plans
According to {brand}, 5G now covers {nn}% of the population
## detail
I got the {device} [last month|{n} weeks ago].
My plan includes {plan} of data.
I'm in downtown {city}.
I ran the test at {time}.
## tneg
{brand} 5G: [total letdown, so disappointed|pathetic]
Problems with the {device} from {brand}
## tneu
{brand} 5G in {city}?
{device}: buy at {brand} or {brand2}?
{brand} 5G plans: any real difference?
## tpos
{brand} 5G is [really fast and great|impressive]
Great experience getting my {device} at {brand}
""",
    "delivery_installation": """
## neg
The {brand} technician was a no-show, {nth} missed appointment, [pathetic|so frustrating]
Been waiting {days} days for my {device} delivery from {brand}, [ridiculous|shameful]
Install appointment [cancelled|rescheduled] for the {nth} time by {brand}, [unacceptable|pathetic]
{brand} gave me an 8 to 6 window and nobody came, [wasted a day off|wasted my whole day], [furious|awful]
{brand}'s fiber install [left a hole in my wall|broke everything], [disaster|outrageous]
My {brand} package has been [lost|missing] for {days} days, [terrible|what a mess, so frustrating]
The {brand} tech left after {minutes} minutes with the modem still unplugged, [incompetent|ridiculous]
Still waiting on an install after {n} weeks with {brand}, [worst service|pathetic]
## negq
Why does {brand} cancel my appointments [last minute|with zero notice]? [Shameful|Useless]
Has anyone ever received a {brand} delivery on time? Seriously, this is terrible
## pos
The {brand} technician was [on time|great], perfect install, [excellent|thanks]
Got my {device} in {n} days from {brand}, [super fast, awesome|great]
[Quick|Clean] fiber install by {brand}, [kudos to the tech|very satisfied]
[Thanks|Big thanks] to [Kevin|Sophie|Mark|Julie], the {brand} tech, [great work|amazing]
Appointment kept [right on time|perfectly] by {brand}, [highly recommend|great job]
## q
How long does a {brand} fiber install take?
[Anyone know if|Does anyone know if] {brand} delivers the {device} [on Saturdays|outside the city]?
Do I need to be home for the {brand} install?
How do I track my {brand} delivery?
Will the {brand} tech also set up wifi in the basement?
## sug
{brand} should text when the technician is on the way
{brand} should offer [2-hour|two-hour] appointment windows instead of a whole day
{brand} should let us book installs online
## info
{brand} now offers [same-day|24-hour] delivery in {city}
{brand} is hiring {nn} technicians [to speed up installs|in {city}]
{brand} install wait times are about {days} days according to their site
## detail
The appointment was on {weekday}.
I took the day off for this.
I placed the order {days} days ago.
I live in a [condo|townhouse|bungalow] in {city}.
## tneg
Missed appointment by {brand}, [again, pathetic|{nth} time, awful]
{brand} delivery: lost package, terrible
## tneu
{brand} install wait time?
{brand} fiber install: how does it work?
## tpos
Great install by {brand}
Fast delivery from {brand}, awesome
""",
    "roaming_travel": """
## neg
${amount} in {brand} roaming fees for [a trip|one week] in {country}, that's stealing
{brand}'s travel pass [failed|broke] in {country}, [scam|so disappointed]
{brand} billed me roaming even with the travel pass, [shameful|unacceptable]
Zero network in {country} with {brand}, trip ruined, [awful|I'm furious]
${price} bill after {country}, {brand} [this is outrageous|what a scam]
Couldn't turn on {brand} roaming at the airport, [what a disaster|pathetic and awful]
## negq
Why does {brand} roaming cost ${amount} a day? [Outrageous|Disgusting]
Anyone else get ripped off by {brand} roaming? [Awful|I'm so angry]
## pos
{brand}'s travel pass in {country} worked [great|perfectly], [awesome|love it]
[Easy|Simple] roaming with {brand}, on in [a minute|2 minutes] in {country}, [great|awesome]
{brand} refunded my roaming fees quickly, [thanks|excellent service]
Perfect signal in {country} with {brand}, [really happy|highly recommend]
## q
How much is {brand}'s travel pass for {country}?
[Anyone know if|Does anyone know if] {brand} roaming works in {country}?
Local eSIM or {brand} roaming in {country}, what do people use?
How do I turn off roaming on my {device} before leaving?
## sug
{brand} should include [the US|Europe] in the plan
{brand} should offer a [monthly|weekly] travel pass
{brand} should text when roaming kicks in
## info
{brand} adds {country} to its travel pass starting in {month}
{brand}'s travel pass goes to ${amount} a day
{brand} launches a travel eSIM for {nn} countries
## detail
Leaving for {country} [in {n} weeks|on {weekday}].
The trip is {days} days.
I turned on the pass before leaving.
## tneg
{brand} roaming: massive bill, what a scam
{brand} travel pass failed in {country}
## tneu
{brand} roaming in {country}?
{brand} travel pass or eSIM?
## tpos
{brand} travel pass: perfect in {country}
""",
    "contest": """
## neg
{brand}'s contests are rigged and fake, [scam|total fraud]
Another {brand} contest to harvest our data, [pathetic|disgusting]
Won a {brand} contest {n} months ago and I'm still waiting, [shameful|so disappointed]
[Seriously|Unreal], {brand} runs giveaways instead of fixing outages, [pathetic|disappointing]
## negq
Has anyone actually gotten anything from a {brand} giveaway? Sounds like a scam
Why is {brand} giving away a {prize} while raising prices? [So greedy and ridiculous|Shameful]
## pos
Thank you {brand}, I won [the giveaway|the draw]! [So happy|Wow|Amazing]
[Great|Awesome] giveaway from {brand}, love the prize: {prize}
Got my prize from the {brand} giveaway [fast|in {days} days], [thanks|great job]
## q
Anyone know when {brand} announces the giveaway results?
What are the rules for the {brand} giveaway?
Is the {brand} contest open outside Quebec?
Is {brand} running a contest [this month|for back to school]?
## sug
{brand} should run a contest for long-time customers
{brand} should give away [a year of internet|a phone] instead of a t-shirt
## info
{brand} has a {prize} draw [this week|until {weekday}]
{brand} announces its draw results [on {weekday}|in {month}]
{brand} launches a contest for [back to school|its {nth} anniversary]
## detail
You have to follow their account to enter.
The draw is on {weekday}.
I entered {n} times.
## tneg
{brand} contest: rigged? Sounds like a scam
## tneu
{brand} giveaway: rules?
Giveaway running at {brand}
## tpos
I won the {brand} giveaway, so happy!
""",
}
