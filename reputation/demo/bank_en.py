"""English topic phrases, first half (same section layout as ``bank_fr``).

Wording rules for VADER: complaints carry a strong negative word (terrible, awful, worst, scam, pathetic,
useless, disappointed...) not within three words after a negation (no, not, never, nothing, without...);
praise carries a strong positive word; neutral posts avoid words VADER scores (good, best, great, help,
please, credit, support, increase, free, win, chance...). "joke", "honestly" and "credit" read as positive.
"""

TOPICS_EN: dict[str, str] = {
    "network_outage": """
## neg
[Another|Yet another|Third] outage with {brand} in {city} [this week|today], [this is pathetic|absolutely terrible]
{brand}'s network has been dead [for {hours} hours|since this morning|all night], [useless|awful service]
Zero bars [at home|at work|on the subway] with {brand}, paying for a [scam|terrible service]
Can't call or text for {hours} hours now, {brand} [you're useless|this is awful|worst network ever]
{brand}'s coverage in {city} is [horrible|awful|a disaster], calls drop every single time
My calls keep dropping with {brand}, [so frustrating|I'm sick of it|absolutely awful]
[Network|Data] outage at {brand} [again|for the {nth} time this month], [so disappointed|I'm furious]
Zero signal [on the 401|on Highway 417|between {city} and {city2}] with {brand}, that's dangerous
{brand}'s signal has been [terrible|worse than ever] since the [update|last week], what a disaster
Dead network with {brand}, can't work from home today, [unacceptable|absolutely terrible]
{brand} brags about coverage everywhere but the cottage has zero bars, [liars|what a scam]
Thanks {brand} for the {nth} outage this week, really great 🙃
{brand}'s mobile data is crawling [for {days} days now|every evening], [awful|so bad]
ngl {brand}'s network is [the worst|terrible] lately, [hate it|so annoying]
## negq
Why does {brand}'s network [go down|crash] [every week|again and again]? [Pathetic|So bad]
Anyone else with [zero signal|an outage] with {brand} in {city}? [This is awful|I'm so mad]
Is it normal to lose {brand}'s signal [every night|all the time]? [Terrible|Super frustrating]
## pos
[Gotta say|Really], {brand}'s network is [excellent|amazing] in {city}
Zero drops [in {n} months|since I switched to {brand}], [really happy|love it]
{brand}'s signal [holds up|is perfect] [at the cottage|on the subway|up north], [great job|kudos]
[Fast|Great] network with {brand} [on the road|all over {city}], [love it|highly recommend]
Nice surprise: {brand}'s coverage got way better in {city}, thanks!
Outage fixed in [{minutes}|under 30] minutes, [great job|impressive] {brand}
[Full bars everywhere|5 bars all day] with {brand}, [awesome|so good|perfect]
{brand} has [the best network|the best coverage] [I've ever had|around here], [very satisfied|thrilled]
## q
[Anyone know if|Does anyone know if] {brand} has coverage in {city}?
Is there a {brand} outage [right now|at the moment] in {city}?
Does {brand} cover [Muskoka|Algonquin Park|Northern Ontario|the Gaspé]?
How do I check [network status|if there's an outage] at {brand}?
How's {brand}'s signal [on the subway|downtown|out in the country] for you guys?
Which has more coverage in {city}, {brand} or {brand2}?
## sug
{brand} should have a real-time network status page
{brand} should [put up a tower|add towers] [near|in] {city}
{brand} needs to text us [during outages|before maintenance]
Suggestion for {brand}: automatic bill adjustment after any outage over {n} hours
## info
{brand} announces [network maintenance|antenna upgrades] in {city} [this week|on {weekday}]
{brand}'s coverage will reach [{city}|rural areas] by {month}
Update: {brand} says service is back in {city} [since {time}|this morning]
{brand} is [testing|rolling out] towers [near|around] {city}
According to {brand}'s map, the network covers {nn}% of the region
## detail
I live in {city}.
I'm on a {plan} plan for ${price} a month.
It's been {days} days now.
I restarted my phone {n} times.
My phone is a {device}.
## tneg
{brand} outage in {city} [again|once more], this is terrible
{brand}'s network [is awful|is a disaster] lately
Zero signal with {brand}, [so frustrating|awful]
## tneu
{brand} coverage in {city}?
Is {brand} down right now?
{brand} vs {brand2}: which network outside the city?
## tpos
{brand}'s network: [really happy|pleasantly surprised]
{brand} [improved|massively improved] coverage, great job
""",
    "billing_price": """
## neg
My {brand} bill [went up|jumped] ${amount} again with zero warning, [total scam|what a scam]
Another price hike from {brand} [this month|again], [shameful|disgusting|this is stealing]
[Unacceptable|Outrageous]: {brand} charged me ${amount} I never approved
${price} bill for a ${amount} plan, {brand} [this is a scam|you're cheats and liars]
{brand}'s hidden fees are [ridiculous|disgusting], [so disappointed|I'm sick of it]
{brand} raised my {plan} plan price [without telling me|quietly], [so shameful and greedy|disgusting]
Double charged by {brand} [this month|for {n} months], [what a disaster|I'm furious]
{brand} is way too expensive for such [terrible|bad] service
Paid ${amount} in late fees even though I paid on time, {brand} [scam|shame on you]
[Seriously|Unbelievable], {brand} raises prices again and the service is [worse|still awful]
My {brand} promo ended and my bill doubled, [worst scam|terrible]
More fees from {brand}, [outrageous|I'm so angry], cancelling
## negq
Why is my {brand} bill suddenly ${price}? What is this [scam|nonsense]?
Anyone else get a ${amount} hike from {brand}? [Shameful|Outrageous]
How do I dispute these {brand} fees? [So frustrated|Ridiculous]
## pos
[Great|Excellent] price at {brand}: {plan} for ${price}, [highly recommend|love it]
{brand} refunded the fee [in {minutes} minutes|right away], [great|really appreciated]
My bill dropped ${amount} after switching plans with {brand}, [awesome|great]
{brand}'s new plan is [a great deal|excellent value], [happy|satisfied]
Finally a clear bill from {brand}, [thanks|love it]
{brand} has the best value [around|in Canada], [love it|so happy]
Great promo at {brand} [this week|for back to school], {plan} for ${price}, [perfect|awesome]
## q
[Anyone know if|Does anyone know if] {brand} has student discounts?
Is ${price} for {plan} at {brand} a normal price these days?
How do I read my {brand} bill? There's a ${amount} line I don't get
Does {brand} give notice before a price hike?
Who's cheaper for {plan}, {brand} or {brand2}?
Can I set up automatic card billing with {brand}?
## sug
{brand} should give notice before every price hike
{brand} should offer a [no-contract|family] plan with a price lock
{brand}'s bill should list each fee on its own line
Idea for {brand}: lock prices [for long-time customers|for {n} years]
## info
{brand} announces a ${amount} hike on [some plans|internet plans] starting in {month}
{brand} launches a {plan} plan at ${price} a month
{brand}'s new rates take effect in {month}
According to {brand}, the hike affects about {nn}% of customers
{brand} is changing its late fees as of {month}
## detail
I've been a customer for {n} years.
My plan used to be ${price2}.
I called {n} times about it.
The hike is ${amount} a month.
I pay for {n} lines.
## tneg
{brand} price hike: [what a scam|shameful]
Hidden fees on my {brand} bill, so disappointed
{brand} overcharged me ${amount}, unacceptable
## tneu
{brand} vs {brand2} plans: which is cheaper?
Question about my {brand} bill
{brand} new rates in {month}
## tpos
Great deal at {brand} [this week|right now]
{brand} refunded me, thanks
""",
    "customer_service": """
## neg
{wait} minutes on hold with {brand} customer service, [ridiculous|unacceptable|pathetic]
{brand}'s customer service is [useless|the worst|a disaster], nobody fixes anything
[Third|{nth}] call to {brand} and the problem is still there, [I'm so angry|so frustrated]
The {brand} agent hung up on me, [so rude|disgusting]
Been waiting {days} days for a callback from {brand}, [terrible service|pathetic]
{brand}'s chat goes in circles, [awful|frustrating as hell|useless]
Transferred from agent to agent at {brand} for {hours} hours, [ridiculous|awful]
[Seriously|Unreal], {support} ignores every message, [worst customer service|pathetic]
{brand} said I'd get a refund {days} days ago and I'm still waiting, [liars|what a scam]
{hours} hours [on the phone|in the store] with {brand} for nothing at all, [so disappointed|I'm furious]
{brand}'s customer service is [a disaster|hell], [awful|pathetic]
Every {brand} agent tells me something different, [useless|incompetent]
## negq
Why does it take forever to reach a human at {brand}? [Ridiculous|Awful]
Has anyone actually reached a real person at {brand}? [Hopeless|This is terrible]
How do I file a formal complaint against {brand}? [So frustrated|I'm furious]
## pos
[Great|Excellent] customer service at {brand}, sorted in {minutes} minutes
Shoutout to the {brand} agent who was [super kind|really friendly|so helpful]
{support} answered [in 5 minutes|quickly] and everything's fixed, [awesome|great]
[Pleasantly surprised|Really happy] with {brand}'s customer service, [kudos|thank you]
{brand}'s chat is fast and [friendly|helpful], [love it|perfect]
The {brand} rep in {city} was [amazing|fantastic], [thanks so much|thanks again]
Excellent service at the {brand} store in {city}, [highly recommend|great team]
## q
When's the quietest time to call {brand} customer service?
Does {brand} have [French|English] customer service in the evening?
[Anyone know|Does anyone know] how to reach {brand} by chat?
What's {brand}'s customer service line?
{support} do you guys answer DMs?
## sug
{brand} should offer a callback instead of hold music
{brand} should open customer service [on weekends|later at night]
{brand} should keep a history of my calls so I don't repeat everything
Idea for {brand}: show the estimated wait time on the phone
## info
{brand} changes its customer service hours [starting {month}|this week]
{brand} opens a store in {city}
{brand} launches [a chat service|an assistance app]
According to {brand}, the average wait time is {minutes} minutes
## detail
I called at {time}.
My ticket has been open for {days} days.
I talked to {n} different agents.
I had an appointment at the {city} store.
## tneg
{brand} customer service: [hell|a disaster]
{wait} minutes on hold with {brand}, ridiculous
Complaint against {brand}, I'm furious
## tneu
Calling {brand} customer service
{brand} customer service hours?
## tpos
{brand} customer service: [great experience|kudos]
Thanks to the {brand} team
""",
    "fibre_internet": """
## neg
My {brand} internet drops [every hour|constantly], [useless|awful]
Paying for {speed} Mbps and getting barely {nn} Mbps with {brand}, [scam|shameful]
My {box} [crashes|reboots] [again|every night], {brand} [this is awful|terrible service]
{brand}'s wifi is [horrible|pathetic] in my house, [disappointed|so disappointed]
{brand}'s fiber has been down [since yesterday|for {hours} hours] in {city}, [unacceptable|ridiculous]
[Terrible speeds|Slow internet] with {brand} [in the evening|while working from home], [frustrating|so annoying]
{brand} advertises fiber everywhere but [my street|my area] is still waiting, [liars|pathetic]
Can't watch a movie with {brand} because of buffering every two minutes, [useless|ridiculous]
My ping spikes with {brand} [every evening|after {time}], [horrible|awful for gaming]
The new {box} is [worse|even worse] than the old one, {brand} [what a disaster|pathetic]
## negq
Why does my {brand} internet [drop|slow down] every night? [So frustrating|Useless]
Anyone else getting [awful|terrible] speeds with {brand} in {city}? [So annoying|Shameful]
## pos
{brand}'s fiber is [night and day|amazing], {speed} Mbps [rock solid|every time], love it
[Great|Excellent] internet with {brand}, zero drops in {n} months
The new {box} is [awesome|great], wifi covers the whole house
[Wow|Gotta say], real {speed} Mbps with {brand}, [love it|very satisfied]
{brand} fiber install was fast and speeds are perfect, [kudos|highly recommend]
Online gaming with {brand} is [perfect|great], stable ping, [awesome|love it]
Fast internet with {brand} for working from home, [happy|thrilled]
## q
[Anyone know if|Does anyone know if] {brand} fiber is available in {city}?
What's the real evening speed on {brand} fiber?
How do I [change the wifi password|reboot] on my {box}?
Does the {box} handle wifi 7?
{brand} or {brand2} fiber in {city}, which holds up in the evening?
Do I need a wifi extender with {brand}?
## sug
{brand} should include a wifi extender with fiber
{brand} should [publish|show] real speeds by neighbourhood
{brand}'s app should let us manage the wifi
Suggestion: {brand} should offer a {box} with [more ports|wifi 7]
## info
{brand} is bringing fiber to {nn},000 homes in {city} by {month}
{brand} launches a {speed} Mbps internet plan
A new {box} is coming to {brand} in {month}
{brand} announces [a firmware update|new firmware] for the {box}
## detail
I'm on the {speed} Mbps plan.
The {box} is in the living room.
There are {n} of us working from home.
I ran speedtest {n} times tonight.
## tneg
{brand} internet [unstable|dropping] in {city}, so frustrating
[Awful|Terrible] speeds on {brand} fiber
{box}: [a total disaster|worst router ever]
## tneu
{brand} fiber in {city}: what speeds do you get?
{brand} or {brand2} for fiber?
{box} settings question
## tpos
{brand} fiber: [really impressed|great experience]
Finally stable internet with {brand}, love it
""",
}
