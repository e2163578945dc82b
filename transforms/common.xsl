<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: what every output format shares.

  Each TEI element is matched ONCE here and mapped to one of a small vocabulary of
  behaviours, named templates in the te: namespace that each format driver
  (html.xsl, text.xsl, fo.xsl) overrides by declaring a template of the same name.
  Every behaviour is called with the TEI element as the context item.

    te:section    (kind)                     div, front, body, back
    te:heading    (level)                    head of a division; level 1 = outermost
    te:block      (kind)                     p, ab, item, l, quote, opener, closer, ...
    te:inline     (kind)                     hi, emph, title, foreign, term, date, unknown ...
    te:link       (kind, target)             persName/placeName/orgName/name/rs with @ref
                                             (target: the register entry, or empty)
    te:alternate  (kind, resp, cert,         an editorial intervention whose two readings
                   normalized, diplomatic,   differ; normalized/diplomatic are the rendered
                   reading)                  readings (driver output); reading says which
                                             one(s) to give: 'normalized', 'diplomatic',
                                             or 'both' when the driver splits (te:split)
    te:switch     (normalized, diplomatic,   readings differ but it is no intervention
                   reading)                  (a note's marker versus its bracketed text)
    te:note-inline(kind, open, close)        a note that is part of the running text
    te:note-ref   (kind, label)              the marker of a note listed elsewhere
    te:break      (kind, n, rend, reading)   pb (page), milestone (section...), lb, cb
    te:gap        (reason, resp, reading)    gap: '[...]' (te:gap-shown: in the diplomatic
                                             reading unless a note follows it)

  Defaults here produce plain text, so this module alone renders a readable text.

  The reading in effect is passed down as the tunnel parameter te:reading. A driver
  that wants both readings in its output (HTML) sets the variable te:split to true():
  then te:reading starts as 'both', and every te:alternate/te:switch gets both renderings,
  each computed with te:reading fixed to one reading.

  The two readings follow edition/README.md exactly.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="https://tei-edition.org/ns"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Which reading to give: 'normalized' (corrections, expansions and supplied words read
       as text) or 'diplomatic' (the text as the source gives it). -->
  <xsl:param name="reading" as="xs:string" select="'normalized'"/>

  <!-- The shared register of an edition of many documents (a URI, e.g. file:/…/registers.xml),
       to which pointers of the form registers.xml#id resolve; empty: none. -->
  <xsl:param name="registers" as="xs:string" select="''"/>

  <!-- That register as a tree: the caller reads the file named by registers with its safe
       parser and passes it here; the stylesheets never load a URI themselves. -->
  <xsl:param name="te:register" as="document-node()?" select="()"/>

  <!-- The interface's strings (transforms/messages/): the edition language's catalog, which
       tei-edition build gives, and English's, which every run is given; te:msg looks a key
       up in the first, then in the second. -->
  <xsl:param name="te:messages" as="document-node()?" select="()"/>
  <xsl:param name="te:messages-en" as="document-node()?" select="()"/>

  <!-- One interface string by its key: in the edition's language, else in English, else the
       key itself. -->
  <xsl:function name="te:msg" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="((($te:messages ! key('te:msg', $key, .)), ($te:messages-en ! key('te:msg', $key, .)))[1]
        ! string(), $key)[1]"/>
  </xsl:function>

  <xsl:key name="te:msg" match="*:m" use="@key"/>

  <!-- One interface string with its placeholders filled: te:msg('tip.supplied') is
       'Supplied by {by}{doubt}'; each {name} is replaced by $args('name') (as is, in one
       pass: a value holding braces is not read again), a name $args lacks by ''. -->
  <xsl:function name="te:msg" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="args" as="map(xs:string, xs:string)"/>
    <xsl:sequence select="string-join(te:msg-parts($key) ! (
        if (starts-with(., '{')) then string(($args(substring(., 2)), '')[1]) else substring(., 2)))"/>
  </xsl:function>

  <!-- An interface string cut at its placeholders, once per transformation (a register
       entry's page fills the same few strings for every mention): each piece of text
       after a '-', each placeholder's name after a '{'. -->
  <xsl:function name="te:msg-parts" as="xs:string*" cache="yes">
    <xsl:param name="key" as="xs:string"/>
    <xsl:analyze-string select="te:msg($key)" regex="\{{([a-zA-Z-]+)\}}">
      <xsl:matching-substring>
        <xsl:sequence select="'{' || regex-group(1)"/>
      </xsl:matching-substring>
      <xsl:non-matching-substring>
        <xsl:sequence select="'-' || ."/>
      </xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:function>

  <!-- The images of the document's figures that the output has (tei-edition export gives
       them): one line per image, its graphic/@url, a tab, and where the output finds it
       (a file copied beside the HTML, the image embedded in the PDF). A figure's image
       not listed is shown by its web address (linked, never fetched), else by its caption. -->
  <xsl:param name="te:figure-files" as="xs:string" select="''"/>

  <xsl:variable name="te:figures" as="map(xs:string, xs:string)" select="map:merge(
      tokenize($te:figure-files, '&#10;')[contains(., '&#9;')]
      ! map{substring-before(., '&#9;'): substring-after(., '&#9;')},
      map{'duplicates': 'use-first'})"/>

  <xsl:variable name="te:registers" as="document-node()?"
      select="if (normalize-space($registers)) then $te:register else ()"/>

  <!-- Set to true() by a driver that renders both readings at once (HTML). -->
  <xsl:variable name="te:split" as="xs:boolean" select="false()"/>

  <xsl:variable name="te:readings" as="xs:string+" select="('normalized', 'diplomatic')"/>

  <!-- The reading at the top of the tree (the default of the te:reading tunnel). -->
  <xsl:variable name="te:initial" as="xs:string"
      select="if ($te:split) then 'both' else $reading"/>

  <xsl:strip-space elements="tei:TEI tei:teiHeader tei:text tei:front tei:body tei:back
      tei:div tei:choice tei:list tei:listBibl tei:table tei:row tei:lg tei:standOff tei:fileDesc
      tei:titleStmt tei:respStmt tei:sourceDesc tei:encodingDesc tei:editorialDecl"/>

  <xsl:key name="te:id" match="*[@xml:id]" use="@xml:id"/>
  <xsl:key name="te:mentions" match="tei:text//*[@ref] | tei:sourceDoc//*[@ref]" use="tokenize(@ref) ! substring-after(., '#')"/>
  <!-- Every element pointing to an entry with @ref, in the header as in the text. -->
  <xsl:key name="te:pointers" match="*[@ref]" use="tokenize(@ref) ! substring-after(., '#')"/>

  <!-- ================================================================== checks -->

  <xsl:template match="/" mode="te:check" as="empty-sequence()">
    <xsl:if test="not($reading = $te:readings)">
      <xsl:message terminate="yes" error-code="te:reading">parameter reading must be 'normalized' or 'diplomatic', not '{$reading}'</xsl:message>
    </xsl:if>
    <xsl:if test="not(/tei:TEI or /tei:teiCorpus)">
      <xsl:message terminate="yes" error-code="te:root">the root element is {name(/*)}, expected TEI in the TEI namespace</xsl:message>
    </xsl:if>
  </xsl:template>

  <!-- =============================================================== functions -->

  <!-- Whose intervention: 'author', 'translator', 'edition', or '' without @resp. -->
  <xsl:function name="te:resp" as="xs:string">
    <xsl:param name="e" as="element()?"/>
    <xsl:sequence select="
        if (empty($e/@resp)) then ''
        else if (root($e) is $te:doc) then $te:resp-kinds(string($e/@resp))
        else te:resp-kind($e)"/>
  </xsl:function>

  <!-- te:resp of each distinct @resp of the document, worked out once. -->
  <xsl:variable name="te:resp-kinds" as="map(xs:string, xs:string)">
    <xsl:map>
      <xsl:for-each-group select="$te:doc//*[@resp]" group-by="string(@resp)">
        <xsl:map-entry key="current-grouping-key()" select="te:resp-kind(.)"/>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <xsl:function name="te:resp-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="token" select="(tokenize($e/@resp) ! substring-after(., '#'))[1]"/>
    <xsl:variable name="decl" select="if ($token) then key('te:id', $token, root($e))[1] else ()"/>
    <xsl:sequence select="
        if (not($token)) then ''
        else if ($token = ('author', 'translator', 'edition')) then $token
        else if ($decl/self::tei:author) then 'author'
        else if ($decl[te:is-translation(.)]) then 'translator'
        else 'edition'"/>
  </xsl:function>

  <!-- Whose intervention, found on the element or its closest element with @resp
       (inside a choice: the corr/expan/reg). -->
  <xsl:function name="te:resp-of" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="te:resp(($e/descendant-or-self::*[@resp])[1])"/>
  </xsl:function>

  <xsl:function name="te:doubtful" as="xs:boolean">
    <xsl:param name="e" as="element()?"/>
    <xsl:sequence select="$e/@cert = 'low'"/>
  </xsl:function>

  <!-- Is a responsibility (respStmt, editor) the translation's? Its id, its role or
       one of its resp phrases says so. -->
  <xsl:function name="te:is-translation" as="xs:boolean">
    <xsl:param name="r" as="element()"/>
    <xsl:sequence select="$r/@xml:id = 'translator' or $r/self::tei:editor/@role = 'translator'
        or exists($r/self::tei:respStmt/tei:resp[matches(., 'transl|übersetz|traduc|tradu|vertal|перев', 'i')])"/>
  </xsl:function>

  <!-- Who the intervention is by, as words: 'the translator', 'the author', 'this edition'
       for the three roles of this project's convention (and the header's author and
       translation), else the name the header gives the responsibility @resp points to
       (a respStmt with xml:id="MS" makes resp="#MS" read as that person's name), else the
       pointer's own word; 'the editors' without @resp. -->
  <xsl:function name="te:resp-label" as="xs:string">
    <xsl:param name="resp" as="xs:string"/>
    <xsl:sequence select="
        te:msg('resp.' || (if ($resp = ('translator', 'author', 'edition')) then $resp else 'editors'))"/>
  </xsl:function>

  <!-- Whose an intervention is, as words, read from the header (see te:resp-label). -->
  <xsl:function name="te:resp-name" as="xs:string">
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="token" select="(tokenize($e/@resp) ! substring-after(., '#'))[1]"/>
    <xsl:variable name="decl" select="if ($token) then key('te:id', $token, root($e))[1] else ()"/>
    <xsl:variable name="named" select="normalize-space(string-join(
        $decl/(self::tei:respStmt/(tei:persName, tei:name, tei:orgName),
               self::tei:editor, self::tei:author, self::tei:person/tei:persName[1],
               self::tei:org/tei:orgName[1], self::tei:handNote)[1], ' '))"/>
    <xsl:variable name="cat" select="te:resp($e)"/>
    <xsl:sequence select="
        if (not($token)) then ''
        else if ($token = ('author', 'translator', 'edition') or $decl/self::tei:author
          or $decl[self::tei:respStmt or self::tei:editor][te:is-translation(.)]) then te:resp-label($cat)
        else if ($named) then $named
        else $token"/>
  </xsl:function>

  <!-- The editorial interventions of the text that have two readings (the elements
       matched under "interventions" below), in document order. -->
  <xsl:function name="te:interventions" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)/*/(tei:sourceDoc, tei:text, tei:TEI, tei:teiCorpus)//(tei:supplied | tei:ex
        | tei:choice[(tei:sic, tei:abbr, tei:orig) and (tei:corr, tei:expan, tei:reg)]
        | tei:sic[not(parent::tei:choice)] | tei:unclear | tei:foreign[te:resp(.) = 'translator'])"/>
  </xsl:function>

  <!-- The kind of an intervention, as te:alternate is told it. -->
  <xsl:function name="te:intervention-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
        if ($e/self::tei:supplied) then 'supplied'
        else if ($e/self::tei:ex) then 'expansion'
        else if ($e/self::tei:choice/tei:sic) then 'correction'
        else if ($e/self::tei:choice/tei:abbr) then 'abbreviation'
        else if ($e/self::tei:choice) then 'regularization'
        else if ($e/self::tei:sic) then 'sic'
        else if ($e/self::tei:unclear) then 'unclear'
        else 'gloss'"/>
  </xsl:function>

  <!-- Whose an intervention is: the element's, or its edited reading's (corr, expan, reg). -->
  <xsl:function name="te:intervention-resp" as="element()">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::tei:choice)
        then (($e/(tei:corr, tei:expan, tei:reg))[1]/descendant-or-self::*[@resp], $e)[1] else $e"/>
  </xsl:function>

  <!-- The kind of a note: 'authorial', 'translator' or 'editorial'. -->
  <xsl:function name="te:note-kind" as="xs:string">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:variable name="r" select="te:resp($n)"/>
    <xsl:sequence select="
        if ($n/@type = ('authorial', 'translator', 'editorial')) then string($n/@type)
        else if ($r = 'author') then 'authorial'
        else if ($r = 'translator') then 'translator'
        else if (not($r) and $n/@place[not(. = 'inline')]) then 'authorial'
        else 'editorial'"/>
  </xsl:function>

  <!-- Are the notes of a kind the author's own remarks in the running text (this project's
       convention, resp="#author" place="inline"), rather than the source's notes in general? -->
  <xsl:function name="te:remarks-only" as="xs:boolean">
    <xsl:param name="notes" as="element(tei:note)*"/>
    <xsl:sequence select="exists($notes) and (every $n in $notes satisfies $n/@place = 'inline')"/>
  </xsl:function>

  <!-- The heading of the notes of one kind, and what they are, in the document at hand. -->
  <xsl:function name="te:notes-heading" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="notes" as="element(tei:note)*"/>
    <xsl:sequence select="
        if ($kind = 'translator') then te:msg('notes.heading.translator')
        else if ($kind = 'editorial') then te:msg('notes.heading.editorial')
        else if (te:remarks-only($notes)) then te:msg('notes.heading.remarks')
        else te:msg('notes.heading.source')"/>
  </xsl:function>

  <xsl:function name="te:notes-intro" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="notes" as="element(tei:note)*"/>
    <xsl:variable name="by" select="distinct-values($notes ! te:resp-name(.)[.])"/>
    <xsl:sequence select="
        if ($kind = 'translator') then te:msg('notes.intro.translator')
        else if ($kind = 'editorial' and $by = te:resp-label('edition') and count($by) = 1) then te:msg('notes.intro.edition')
        else if ($kind = 'editorial' and exists($by)) then te:msg('notes.intro.by', map{'by': string-join($by, ', ')})
        else if ($kind = 'editorial') then te:msg('notes.intro.editors')
        else if (te:remarks-only($notes)) then te:msg('notes.intro.remarks')
        else te:msg('notes.intro.source')"/>
  </xsl:function>

  <!-- Is the note listed (numbered, with a marker in the normalized reading)?
       Inline notes other than the translator's stay in the running text. -->
  <xsl:function name="te:note-listed" as="xs:boolean">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:sequence select="not($n/@place = 'inline') or te:note-kind($n) = 'translator'"/>
  </xsl:function>

  <!-- The notes of one kind, in document order. With listed-only, only listed notes. -->
  <xsl:function name="te:notes" as="element(tei:note)*">
    <xsl:param name="root" as="node()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="listed-only" as="xs:boolean"/>
    <xsl:sequence select="
        (if (root($root) is $te:doc) then $te:doc-notes($kind)
         else root($root)//(tei:text | tei:sourceDoc | tei:listAnnotation)//tei:note[te:note-kind(.) = $kind][not(ancestor::tei:note)]
             [not(ancestor::tei:app[te:app-apart(.)])])
        [not($listed-only) or te:note-listed(.)]"/>
  </xsl:function>

  <!-- The notes of the document transformed, by kind, found once. -->
  <xsl:variable name="te:doc-notes" as="map(xs:string, element(tei:note)*)">
    <xsl:map>
      <!-- the notes of an apparatus entry given apart from the text are part of it -->
      <xsl:for-each-group select="$te:doc//(tei:text | tei:sourceDoc | tei:listAnnotation)//tei:note[not(ancestor::tei:note)]
          [not(ancestor::tei:app[te:app-apart(.)])]"
          group-by="te:note-kind(.)">
        <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <!-- The source document, and numbers worked out once for it (keys: generate-id,
       never written out). -->
  <xsl:variable name="te:doc" as="document-node()?" select="/"/>

  <xsl:variable name="te:note-positions" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="('authorial', 'translator', 'editorial')">
        <xsl:variable name="kind" select="."/>
        <xsl:for-each select="$te:doc ! te:notes(., $kind, $kind != 'authorial')">
          <xsl:map-entry key="generate-id(.)" select="position()"/>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <xsl:variable name="te:mention-numbers" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each-group select="$te:doc//(tei:text | tei:sourceDoc)//*[@ref]"
          group-by="(tokenize(@ref) ! substring-after(., '#'))[1]">
        <xsl:for-each select="current-group()">
          <xsl:map-entry key="generate-id(.)" select="position()"/>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <!-- The paragraph numbers every format gives (the HTML's and the PDF's margins, the
       site's register pages citing ¶12): the body's paragraphs outside notes, counted in
       document order. -->
  <xsl:variable name="te:para-numbers" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="$te:doc//tei:p[ancestor::tei:body][not(ancestor::tei:note)]">
        <xsl:map-entry key="generate-id(.)" select="position()"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- Is the element a numbered paragraph? -->
  <xsl:function name="te:numbered" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/self::tei:p[ancestor::tei:body][not(ancestor::tei:note)])"/>
  </xsl:function>

  <!-- The paragraph number of a paragraph of the text. -->
  <xsl:function name="te:para-number" as="xs:integer">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="($te:para-numbers(generate-id($p)),
        count($p/preceding::tei:p[ancestor::tei:body][not(ancestor::tei:note)]) + 1)[1]"/>
  </xsl:function>

  <!-- A note's label: the number or mark the source gives it (@n, without the brackets,
       stop or parenthesis around it: '3' for n="3)"), else its number within its kind
       (te:note-number). -->
  <xsl:function name="te:note-label" as="xs:string">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:variable name="given" select="replace(normalize-space($n/@n), '^[\[(]+|[\]).:]+$', '')"/>
    <xsl:sequence select="if ($given) then $given else te:note-number($n)"/>
  </xsl:function>

  <!-- A note's number within its kind: translator 1, 2, 3; editorial a, b, c;
       authorial i, ii, iii. -->
  <xsl:function name="te:note-number" as="xs:string">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:variable name="kind" select="te:note-kind($n)"/>
    <xsl:variable name="known" select="if (root($n) is $te:doc) then $te:note-positions(generate-id($n)) else ()"/>
    <xsl:variable name="pos" select="
        if (exists($known)) then $known
        else count(te:notes($n, $kind, $kind != 'authorial')[. &lt;&lt; $n]) + 1"/>
    <xsl:sequence select="
        if ($kind = 'editorial') then format-integer($pos, 'a')
        else if ($kind = 'authorial') then format-integer($pos, 'i')
        else string($pos)"/>
  </xsl:function>

  <!-- Does a note stand in the text, where its marker is? A note of a listAnnotation (in
       standOff) has none of its own: the first ptr pointing to it is its marker
       (te:note-pointer). -->
  <xsl:function name="te:note-in-text" as="xs:boolean">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:sequence select="exists($n/ancestor::*[self::tei:text or self::tei:sourceDoc])"/>
  </xsl:function>

  <xsl:key name="te:ptr-to" match="tei:ptr[@target]" use="tokenize(@target)[starts-with(., '#')] ! substring(., 2)"/>

  <!-- The marker of a note apart from the text: the first ptr of the text pointing to it. -->
  <xsl:function name="te:note-pointer" as="element(tei:ptr)?">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:sequence select="if ($n/@xml:id) then key('te:ptr-to', string($n/@xml:id), root($n))
        [ancestor::*[self::tei:text or self::tei:sourceDoc]][1] else ()"/>
  </xsl:function>

  <!-- Does a note's marker follow another note's marker directly (nothing but white space
       between)? Markers side by side are set apart ('i,ii'), not run into one ('iii'). -->
  <xsl:function name="te:marker-after-marker" as="xs:boolean">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:sequence select="exists($n/preceding-sibling::node()[not(self::text()[not(normalize-space())])][1]
        [self::tei:note][te:note-listed(.)][not(ancestor::tei:note)])"/>
  </xsl:function>

  <!-- Stable ids for a note and its marker: note-t1 / noteref-t1, note-ea, note-ai. -->
  <xsl:function name="te:note-id" as="xs:string">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:sequence select="'note-' || substring(te:note-kind($n), 1, 1) || te:note-number($n)"/>
  </xsl:function>

  <xsl:function name="te:noteref-id" as="xs:string">
    <xsl:param name="n" as="element(tei:note)"/>
    <xsl:sequence select="'noteref-' || substring(te:note-kind($n), 1, 1) || te:note-number($n)"/>
  </xsl:function>

  <!-- Does a break (lb, pb, cb, space) that renders as no white space of its own need a
       space to keep the words on either side apart? Not with @break="no", nor where white
       space already stands before or after it. -->
  <xsl:function name="te:separates" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="before" select="$e/preceding-sibling::node()[1]"/>
    <xsl:variable name="after" select="$e/following-sibling::node()[1]"/>
    <xsl:sequence select="not($e/@break = ('no', 'false'))
        and exists($before) and not(te:ends-in-space(te:last-text($before)))
        and exists($after) and not(te:starts-with-space(te:first-text($after)))"/>
  </xsl:function>

  <!-- Is a break inside a word, or do the words on either side touch it (no white space
       before or after it)? A mark there must add no words of its own: 'τεμνο<pb
       break="no"/>μένη' reads 'τεμνομένη', not 'τεμνο 1v μένη'. -->
  <xsl:function name="te:break-in-word" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="before" select="$e/preceding-sibling::node()[1]"/>
    <xsl:variable name="after" select="$e/following-sibling::node()[1]"/>
    <xsl:sequence select="$e/@break = ('no', 'false')
        or (exists($before) and not(te:ends-in-space(te:last-text($before))))
        or (exists($after) and not(te:starts-with-space(te:first-text($after))))"/>
  </xsl:function>

  <!-- Does a string end (start) with white space (XML's: space, tab, newline, return)?
       Tested on the last (first) character only: a regular expression such as '\s$'
       would be tried at every position of a long text. -->
  <xsl:function name="te:ends-in-space" as="xs:boolean">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="some $c in (' ', '&#9;', '&#10;', '&#13;') satisfies ends-with($s, $c)"/>
  </xsl:function>

  <xsl:function name="te:starts-with-space" as="xs:boolean">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="some $c in (' ', '&#9;', '&#10;', '&#13;') satisfies starts-with($s, $c)"/>
  </xsl:function>

  <!-- A string without the white space it ends with. Only the end is read, 64 characters
       at a time (a regular expression such as '\s+$' would be tried at every position). -->
  <xsl:function name="te:trim-end" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="n" select="string-length($s)"/>
    <xsl:variable name="tail" select="replace(substring($s, $n - 63), '\s+$', '')"/>
    <xsl:sequence select="
        if (not(te:ends-in-space($s))) then $s
        else if ($n le 64) then $tail
        else if ($tail) then substring($s, 1, $n - 64) || $tail
        else te:trim-end(substring($s, 1, $n - 64))"/>
  </xsl:function>

  <!-- The end and the start of a node's string value, enough to test its last or first
       character: for an element, its last or first text node, not the whole of its text
       (a break between two long paragraphs would otherwise read both). -->
  <xsl:function name="te:last-text" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="string(if ($n instance of element()) then ($n/descendant::text())[last()] else $n)"/>
  </xsl:function>

  <xsl:function name="te:first-text" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="string(if ($n instance of element()) then ($n/descendant::text())[1] else $n)"/>
  </xsl:function>

  <!-- The letters (and digits) a string begins with, or '': the rest of a word that an
       intervention or a break cuts (Luisen|felde), which a mark must follow. -->
  <xsl:function name="te:leading-letters" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <!-- the run of letters ends before the first space: only the text up to it is read -->
    <xsl:variable name="word" select="substring-before($s || ' ', ' ')"/>
    <xsl:sequence select="if (matches($word, '^[\p{L}\p{M}\p{N}]'))
        then replace($word, '^([\p{L}\p{M}\p{N}]+).*$', '$1', 's') else ''"/>
  </xsl:function>

  <!-- The letters that follow an intervention inside its word (Luisen|felde), which its
       marker follows, or ''. -->
  <xsl:function name="te:word-rest" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="te:leading-letters($e[matches(substring(string(.), string-length(string(.))), '[\p{L}\p{M}\p{N}]')]
        /following-sibling::node()[1][self::text()])"/>
  </xsl:function>

  <!-- Does a mark put after a node need a space before it (the text before it does not end in
       white space)? For '[sic, ...]' after a word, and the gap's '[...]'. -->
  <xsl:function name="te:needs-space" as="xs:boolean">
    <xsl:param name="e" as="node()"/>
    <xsl:variable name="before" select="$e/preceding-sibling::node()[1] ! te:last-text(.)"/>
    <xsl:sequence select="exists($before) and not(te:ends-in-space($before)
        or ends-with($before, '(') or ends-with($before, '['))"/>
  </xsl:function>

  <!-- ........................................................ source readings

       The normalized reading replaces some words of the source: a correction (choice of
       sic and corr), a word the translator marks [sic] without correcting it, a reading the
       source doubts (unclear, cert="low", '/?/'). A driver that cannot show both readings at
       once (text, print) gives the source reading in a note:

         - a listed note (the translator's or this edition's) that follows the intervention,
           directly or after one more word, carries it: 'Xinxibo [sic, should be Xibaipo]',
           'Beijing dialect [sic, in fact Hunan]' (te:lemma-carrier, te:lemma);
         - otherwise the intervention gets a source note of its own, numbered s1, s2,
           'Source: Kong Kong.' (te:source-noted, te:source-series).

       An intervention inside another (unclear in a sic) is given with it; interventions
       inside notes are left alone. -->

  <!-- Does the normalized reading replace the source's words here? -->
  <xsl:function name="te:is-source-variant" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/self::tei:choice[tei:sic and tei:corr]
        | $e/self::tei:sic[not(parent::tei:choice)][te:resp(.) != 'edition']
        | $e/self::tei:unclear[@cert = 'low'])"/>
  </xsl:function>

  <!-- An intervention whose source reading a note must give: a source variant outside the
       notes and not inside another one. -->
  <xsl:function name="te:source-variant" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="te:is-source-variant($e) and not($e/ancestor::tei:note)
        and not($e/ancestor::*[self::tei:choice or self::tei:sic or self::tei:unclear]
          [te:is-source-variant(.)])"/>
  </xsl:function>

  <!-- The outermost inline element that holds nothing but the intervention (a name
       wrapping a correction), or the intervention itself. -->
  <xsl:function name="te:variant-outer" as="element()">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="te:same-words($e)[not(self::tei:p or self::tei:ab or self::tei:l
        or self::tei:item or self::tei:cell or self::tei:head or self::tei:note
        or self::tei:div or self::tei:body or self::tei:quote or self::tei:seg
        or self::tei:opener or self::tei:closer or self::tei:dateline)][last()]"/>
  </xsl:function>

  <!-- An element and its ancestors whose words are its words (normalize-space equal), from
       the element outwards. They are a chain: an ancestor has the same words exactly when
       everything else it holds is white space, and then so has every element between. Each
       step looks only at the parent's other text, never at a whole ancestor's string. -->
  <xsl:function name="te:same-words" as="element()+">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e, $e/parent::*
        [not((node() except $e)/descendant-or-self::text()[normalize-space()])] ! te:same-words(.)"/>
  </xsl:function>

  <!-- The listed note right after an intervention (or after it and one more word) that
       gives its source reading, or empty. -->
  <xsl:function name="te:lemma-carrier" as="element(tei:note)?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="next" select="te:variant-outer($e)/following-sibling::node()
        [not(self::text()[not(normalize-space())])][1]"/>
    <xsl:variable name="note" select="
        if ($next/self::tei:note) then $next
        else $next[self::text()][matches(., '^\s*[\p{L}\p{N}]+\s*$')]
          /following-sibling::node()[1][self::tei:note]"/>
    <xsl:sequence select="$note[te:note-listed(.)][te:note-kind(.) = ('translator', 'editorial')]
        [not(ancestor::tei:note)][te:source-variant($e)]"/>
  </xsl:function>

  <!-- The source's words a note gives its reading of: the intervention it carries (see
       te:lemma-carrier) and any word between; empty when it carries none. Render them
       in the diplomatic reading. -->
  <xsl:function name="te:lemma" as="node()*">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="before" select="$note/preceding-sibling::node()
        [not(self::text()[not(normalize-space())])][position() le 2]"/>
    <xsl:variable name="carried" select="($before/descendant-or-self::*
        [self::tei:choice or self::tei:sic or self::tei:unclear]
        [te:lemma-carrier(.) is $note])[1]"/>
    <xsl:variable name="outer" select="$carried ! te:variant-outer(.)"/>
    <!-- the words between: the siblings after it and before the note, walked back from the
         note (the intersection of the two sibling axes read every sibling of both, for every
         note: a paragraph of many notes took time in the square of their number) -->
    <xsl:sequence select="$outer | $outer[.. is $note/..][. &lt;&lt; $note] ! te:siblings-between(., $note)"/>
  </xsl:function>

  <!-- The siblings after $from and before $to, in document order ($from a preceding
       sibling of $to). Walked back from $to one sibling at a time: for nodes a few
       siblings apart, as te:lemma's are. -->
  <xsl:function name="te:siblings-between" as="node()*">
    <xsl:param name="from" as="node()"/>
    <xsl:param name="to" as="node()"/>
    <xsl:variable name="previous" select="$to/preceding-sibling::node()[1]"/>
    <xsl:sequence select="if (empty($previous) or $previous is $from) then ()
        else (te:siblings-between($from, $previous), $previous)"/>
  </xsl:function>

  <!-- Does the intervention get a source note of its own? -->
  <xsl:function name="te:source-noted" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="te:source-variant($e) and empty(te:lemma-carrier($e))"/>
  </xsl:function>

  <!-- The source notes of a driver that gives source readings in notes: the interventions
       with a source note of their own, in document order. They are a series of their own,
       s1, s2, s3, so that this edition's notes carry the same letters in every format. -->
  <xsl:function name="te:source-series" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)//(tei:text | tei:sourceDoc)//(tei:choice | tei:sic | tei:unclear)[te:source-noted(.)]"/>
  </xsl:function>

  <xsl:variable name="te:source-positions" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="$te:doc ! te:source-series(.)">
        <xsl:map-entry key="generate-id(.)" select="position()"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- The label of the source note numbered pos: s1, s2, s3. -->
  <xsl:function name="te:source-mark" as="xs:string">
    <xsl:param name="pos" as="xs:integer"/>
    <xsl:sequence select="'s' || $pos"/>
  </xsl:function>

  <!-- The label of an intervention's source note in te:source-series. -->
  <xsl:function name="te:source-label" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="known" select="if (root($e) is $te:doc) then $te:source-positions(generate-id($e)) else ()"/>
    <xsl:sequence select="te:source-mark(if (exists($known)) then $known
        else count(te:source-series($e)[. &lt;&lt; $e]) + 1)"/>
  </xsl:function>

  <!-- The register entry a name points to, or empty (its first pointer; see te:targets). -->
  <xsl:function name="te:target" as="element()?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="te:pointed((tokenize($e/@ref))[1], root($e))"/>
  </xsl:function>

  <!-- Every register entry a name's @ref points to, in the order of its pointers. -->
  <xsl:function name="te:targets" as="element()*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="tokenize($e/@ref) ! te:pointed(., root($e))"/>
  </xsl:function>

  <!-- The entry one pointer names: '#id' in the same document; 'FILE#id' (e.g.
       registers.xml#stalin) in the shared register that the parameter registers gives,
       or empty when no register is given. -->
  <xsl:function name="te:pointed" as="element()?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="id" select="substring-after($pointer, '#')"/>
    <xsl:sequence select="
        if (not($id)) then ()
        else if (starts-with($pointer, '#')) then key('te:id', $id, $root)[1]
        else if (exists($te:registers) and not(contains(substring-before($pointer, '#'), ':')))
        then key('te:id', $id, $te:registers)[1]
        else ()"/>
  </xsl:function>

  <!-- 'person', 'place', 'org' or 'name'. -->
  <xsl:function name="te:name-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="te:name-kind($e, te:target($e))"/>
  </xsl:function>

  <!-- The same, given the entry the name points to (te:target), where it is known. -->
  <xsl:function name="te:name-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="t" as="element()?"/>
    <xsl:sequence select="
        if ($e/self::tei:persName or $t/self::tei:person or $t/self::tei:personGrp) then 'person'
        else if ($e/self::tei:placeName or $t/self::tei:place) then 'place'
        else if ($e/self::tei:orgName or $t/self::tei:org) then 'org'
        else 'name'"/>
  </xsl:function>

  <!-- The id of one mention of a register entry: m-<entry>-<n>, n counting from 1. -->
  <xsl:function name="te:mention-id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="id" select="(tokenize($e/@ref) ! substring-after(., '#'))[1]"/>
    <xsl:variable name="known" select="if (root($e) is $te:doc) then $te:mention-numbers(generate-id($e)) else ()"/>
    <xsl:sequence select="'m-' || $id || '-' || (if (exists($known)) then $known
        else count(key('te:mentions', $id, root($e))[. &lt;&lt; $e][(tokenize(@ref) ! substring-after(., '#'))[1] = $id]) + 1)"/>
  </xsl:function>

  <!-- The mentions of a register entry in the text, in document order: in its own
       document, or, for an entry of the shared register, in the document transformed. -->
  <xsl:function name="te:mentions" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="root" select="root($entry)"/>
    <xsl:sequence select="key('te:mentions', string($entry/@xml:id),
        if (exists($te:registers) and $root is $te:registers and exists($te:doc)) then $te:doc else $root)"/>
  </xsl:function>

  <!-- The id of a register entry in the output: idx-<xml:id>. -->
  <xsl:function name="te:entry-id" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="'idx-' || $entry/@xml:id"/>
  </xsl:function>

  <!-- A register entry's name: its first persName/placeName/orgName (forename before surname). -->
  <xsl:function name="te:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="n" select="($entry/(tei:persName, tei:placeName, tei:orgName, tei:name))[1]"/>
    <xsl:sequence select="
        if ($n[tei:forename or tei:surname] and not($n/text()[normalize-space()]))
        then normalize-space(string-join(($n/tei:roleName, $n/tei:forename, $n/tei:surname, $n/tei:addName), ' '))
        else if ($n) then normalize-space($n)
        else string($entry/@xml:id)"/>
  </xsl:function>

  <!-- The name under which an index files an entry, surname first: 'Surname, Forename'
       where the name is marked up so (forename, surname); where the words before the last
       are initials ('I. V. Kovalev': 'Kovalev, I. V.'); where a variant of the name is its
       last word, alone or after initials ('Stalin', 'I.V. STALIN' for Joseph Stalin:
       'Stalin, Joseph'), or the first word of the entry's @sortKey is; and under the word
       after an Arabic article ('Anwar el-Sadat': 'Sadat, Anwar el-'). Otherwise the name
       as written: a family name written first stays first ('Mao Zedong'), one word is
       filed as it is. Entries are sorted by te:sort-key. -->
  <xsl:function name="te:filing-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="n" select="($entry/(tei:persName, tei:placeName, tei:orgName, tei:name))[1]"/>
    <xsl:variable name="name" select="te:entry-name($entry)"/>
    <xsl:variable name="words" select="tokenize($name)"/>
    <xsl:variable name="last" select="$words[last()]"/>
    <xsl:variable name="person" select="exists($entry/(self::tei:person, self::tei:personGrp))"/>
    <xsl:variable name="article" select="if ($person) then replace($last, '^((al|el)-).+$', '$1', 'i') else ''"/>
    <xsl:variable name="surname" select="
        if ($n/tei:surname) then normalize-space(string-join($n/tei:surname, ' '))
        else if ($person and count($words) gt 1
            and (every $w in $words[position() lt last()] satisfies te:initials($w)
              or $entry/tei:persName[@type = 'variant'][te:surname-form(normalize-space(.), $last)]
              or tokenize($entry/@sortKey)[1] = $last))
        then $last
        else if ($person and $article != $last) then $last
        else ''"/>
    <xsl:variable name="given" select="
        if ($surname and $n/tei:surname)
        then normalize-space(string-join(($n/tei:forename, $n/tei:roleName, $n/tei:addName), ' '))
        else string-join($words[position() lt last()], ' ')"/>
    <xsl:variable name="filed" select="
        if ($article != $last and $surname = $last)
        then substring($last, string-length($article) + 1) || ', ' || string-join(($given[.], $article), ' ')
        else if ($surname and $given) then $surname || ', ' || $given
        else if ($surname) then $surname
        else $name"/>
    <xsl:sequence select="$filed"/>
  </xsl:function>

  <!-- An initial or initials: 'I.', 'I.V.', 'A.L.'. -->
  <xsl:function name="te:initials" as="xs:boolean">
    <xsl:param name="word" as="xs:string"/>
    <xsl:sequence select="matches($word, '^(\p{Lu}\.)+$')"/>
  </xsl:function>

  <!-- Is this variant of a name its surname: the name's last word, alone or after initials
       ('Stalin', 'I.V. STALIN' for 'Joseph Stalin'; not 'Mao' for 'Mao Zedong')? -->
  <xsl:function name="te:surname-form" as="xs:boolean">
    <xsl:param name="variant" as="xs:string"/>
    <xsl:param name="last" as="xs:string"/>
    <xsl:variable name="words" select="tokenize($variant)"/>
    <xsl:sequence select="exists($words) and lower-case($words[last()]) = lower-case($last)
        and (every $w in $words[position() lt last()] satisfies te:initials($w))"/>
  </xsl:function>

  <!-- The key an index sorts an entry by, the same in every index (the site's registers,
       the HTML export's, the PDF's): its @sortKey, else its filing name, lower-cased. -->
  <xsl:function name="te:sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="lower-case(normalize-space(string((
        $entry/@sortKey[normalize-space()], te:filing-name($entry))[1])))"/>
  </xsl:function>

  <!-- The other forms of an entry's name that the index shows: those not already part of
       its name ('Terebin' for Andrei Orlov, not 'Stalin' for Joseph Stalin); of an entry of
       the shared register, only the forms this document uses (te:forms-used). -->
  <xsl:function name="te:name-variants" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="lower-case(te:entry-name($entry))"/>
    <xsl:sequence select="distinct-values($entry/(tei:persName, tei:placeName, tei:orgName, tei:name)
        [not(@type = 'normalized')] ! te:person-words(.)[. and not(contains($name, lower-case(.)))])
        [te:forms-used($entry, .)]"/>
  </xsl:function>

  <!-- Does the document use this form of the entry's name? Always true of its own
       entries; for an entry of the shared register (which gathers the forms of every
       document), true where one of the document's mentions of it has these words (in
       either reading). -->
  <xsl:function name="te:forms-used" as="xs:boolean">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="form" as="xs:string"/>
    <xsl:sequence select="not(exists($te:registers) and root($entry) is $te:registers)
        or (some $m in te:mentions($entry) satisfies contains(normalize-space($m), $form))"/>
  </xsl:function>

  <!-- What identifies a register entry: life dates, then its notes, occupations, descriptions. -->
  <xsl:function name="te:entry-description" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="said" select="$entry/(tei:occupation, tei:roleName[not(parent::tei:persName)],
        tei:desc, tei:note, tei:affiliation, tei:location/tei:country, tei:location/tei:region)
        ! normalize-space(.)[.]"/>
    <xsl:sequence select="string-join((te:life-dates($entry)[.], $said), '; ')"/>
  </xsl:function>

  <!-- A person's life dates from birth and death (@when, else @notBefore or @notAfter),
       as years: '1879–1953', 'born 1879', 'died 1953'; '' when the entry has neither. -->
  <xsl:function name="te:life-dates" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="years" select="string-join((
        ($entry/tei:birth/(@when, @notBefore, @notAfter))[1] ! substring(., 1, 4),
        ($entry/tei:death/(@when, @notBefore, @notAfter))[1] ! substring(., 1, 4)), '–')"/>
    <xsl:sequence select="
        if ($entry/tei:birth and $entry/tei:death) then $years
        else if ($entry/tei:birth) then te:msg('life.born', map{'year': $years})
        else if ($entry/tei:death) then te:msg('life.died', map{'year': $years})
        else ''"/>
  </xsl:function>

  <!-- How certain the register is of an entry's identification, where it says it is not
       ('medium', 'low', 'unknown'): @cert on the entry, its idno or its note; else ''. -->
  <xsl:function name="te:entry-cert" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="string(($entry/@cert, $entry/tei:idno/@cert, $entry/tei:note/@cert)
        [normalize-space(.) = ('medium', 'low', 'unknown')][1])"/>
  </xsl:function>

  <!-- Authority records of a register entry (idno with a URI), as URLs. -->
  <xsl:function name="te:entry-authorities" as="element(tei:idno)*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="$entry/tei:idno[matches(normalize-space(.), '^https?://')]"/>
  </xsl:function>

  <!-- The register entries of one kind a document has, in register order: 'person',
       'place', 'org'. Its own (in its standOff or header), then the entries of the shared
       register (the parameter registers) that it points to (in its text or header), where
       it has no entry of that id itself. -->
  <xsl:function name="te:register" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="own" select="te:entries-of(root($root), $kind)"/>
    <xsl:variable name="shared" select="
        if (exists($te:registers) and root($root) is $te:doc and not(root($root) is $te:registers))
        then te:of-kind(key('te:id', $te:pointer-ids, $te:registers), $kind)[not(@xml:id = $own/@xml:id)]
        else ()"/>
    <xsl:sequence select="$own, $shared"/>
  </xsl:function>

  <!-- Every id the document transformed points to (in any @ref), once: the shared
       register's entries it uses are looked up by these, not found by reading the whole
       register, so that a page costs the same in a register of ten or of ten thousand. -->
  <xsl:variable name="te:pointer-ids" as="xs:string*"
      select="distinct-values($te:doc//@ref ! tokenize(.) ! substring-after(., '#')[.])"/>

  <!-- Of these entries (in document order), those of one kind, as te:entries-of finds them. -->
  <xsl:function name="te:of-kind" as="element()*">
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="
        if ($kind = 'person') then $entries[self::tei:person or self::tei:personGrp][ancestor::tei:listPerson]
        else if ($kind = 'place') then $entries[self::tei:place][ancestor::tei:listPlace]
        else $entries[self::tei:org][ancestor::tei:listOrg]"/>
  </xsl:function>

  <xsl:function name="te:entries-of" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="
        if ($kind = 'person') then $root//(tei:listPerson//tei:person, tei:listPerson//tei:personGrp)[@xml:id]
        else if ($kind = 'place') then $root//tei:listPlace//tei:place[@xml:id]
        else $root//tei:listOrg//tei:org[@xml:id]"/>
  </xsl:function>

  <!-- The heading level of a head: 1 for the outermost division. -->
  <xsl:function name="te:heading-level" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="max((1, count($head/ancestor::tei:div)))"/>
  </xsl:function>

  <!-- How the source presents an element, as a small vocabulary: italic, bold, sup, sub,
       underline, strike, smallcaps, spaced, center, right. Read from @rend (the words
       projects use: 'italics', 'superscript', 'u', 'gesperrt' ...), from @rendition (its
       pointers' ids, and the CSS of the tagsDecl rendition they point to) and from @style
       (CSS), never copied into the output as given. -->
  <xsl:function name="te:rend-tokens" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
        if (not($e/(@rend | @rendition | @style))) then ()
        else if (root($e) is $te:doc) then $te:rend-cache(te:rend-signature($e))
        else te:rend-words($e)"/>
  </xsl:function>

  <!-- What te:rend-words reads of an element: its @rend, @rendition and @style. -->
  <xsl:function name="te:rend-signature" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="string-join(($e/@rend, $e/@rendition, $e/@style)
        ! (local-name() || string-length() || ':' || .))"/>
  </xsl:function>

  <!-- te:rend-words of each distinct signature of the document, worked out once. -->
  <xsl:variable name="te:rend-cache" as="map(xs:string, xs:string*)">
    <xsl:map>
      <xsl:for-each-group select="$te:doc//*[@rend or @rendition or @style]"
          group-by="te:rend-signature(.)">
        <xsl:map-entry key="current-grouping-key()" select="te:rend-words(.)"/>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <xsl:function name="te:rend-words" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="ids" select="tokenize($e/@rendition) ! replace(., '^.*#', '')"/>
    <xsl:variable name="css" select="lower-case(string-join(($e/@style,
        $ids ! key('te:id', ., root($e))[self::tei:rendition]), ';'))"/>
    <xsl:variable name="words" select="(tokenize(lower-case(string($e/@rend)), '[\s,;()]+'),
        $ids ! lower-case(.))[.]"/>
    <xsl:sequence select="distinct-values((
        'italic'[$words = ('italic', 'italics', 'i', 'it', 'cursive', 'kursiv', 'ital')
            or matches($css, 'font-style\s*:\s*(italic|oblique)')],
        'bold'[$words = ('bold', 'b', 'bf', 'strong', 'fett') or matches($css, 'font-weight\s*:\s*(bold|[6-9]00)')],
        'sup'[$words = ('sup', 'superscript', 'super', 'sup-script', 'hoch')
            or matches($css, 'vertical-align\s*:\s*super')],
        'sub'[$words = ('sub', 'subscript', 'tief') or matches($css, 'vertical-align\s*:\s*sub')],
        'underline'[$words = ('underline', 'underlined', 'u', 'ul', 'unterstrichen')
            or matches($css, 'text-decoration[^;]*underline')],
        'strike'[$words = ('strike', 'strikethrough', 'line-through', 'overstrike', 's')
            or matches($css, 'text-decoration[^;]*line-through')],
        'smallcaps'[$words = ('smallcaps', 'small-caps', 'sc', 'caps', 'kapitälchen')
            or matches($css, 'font-variant\s*:\s*small-caps')],
        'spaced'[$words = ('wide', 'spaced', 'letterspaced', 'letter-spaced', 'gesperrt', 'expanded')
            or matches($css, 'letter-spacing')],
        'center'[$words = ('center', 'centre', 'centered', 'centred') or matches($css, 'text-align\s*:\s*center')],
        'right'[$words = ('right', 'align-right', 'flush-right') or matches($css, 'text-align\s*:\s*right')]))"/>
  </xsl:function>

  <!-- Languages written from right to left: ISO 639-1 and -2/-3 codes. -->
  <xsl:variable name="te:rtl-languages" as="xs:string*"
      select="('ar', 'fa', 'he', 'ur', 'ps', 'syr', 'yi', 'dv', 'arc', 'sam', 'ckb', 'ug',
               'ara', 'fas', 'per', 'heb', 'urd', 'pus', 'syc', 'yid', 'div', 'uig', 'ota')"/>

  <!-- Is a language tag one written from right to left (not when its script subtag says
       it is written in another script: ar-Latn)? -->
  <xsl:function name="te:is-rtl" as="xs:boolean">
    <xsl:param name="lang" as="xs:string?"/>
    <xsl:sequence select="lower-case(substring-before(($lang, '')[1] || '-', '-')) = $te:rtl-languages
        and not(matches(($lang, '')[1], '-(Latn|Cyrl|Grek|Deva)(-|$)', 'i'))"/>
  </xsl:function>

  <!-- The language of an element (nearest xml:lang), or ''. -->
  <xsl:function name="te:lang" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="string($e/ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
  </xsl:function>

  <!-- A language's name in the interface's language, for a code such as 'ru-Latn'. -->
  <xsl:function name="te:language-name" as="xs:string">
    <xsl:param name="code" as="xs:string"/>
    <xsl:variable name="base" select="lower-case(tokenize($code, '-')[1])"/>
    <xsl:variable name="name" select="
        if ($base = ('ru', 'zh', 'en', 'de', 'fr', 'ja', 'la', 'uk')) then te:msg('lang.' || $base) else ()"/>
    <xsl:sequence select="
        (if (exists($name)) then $name else $code)
        || (if (contains($code, '-Latn')) then te:msg('lang.transliterated') else '')"/>
  </xsl:function>

  <!-- ==================================================== the teiHeader, as data -->

  <xsl:function name="te:title" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="ts" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="normalize-space(($ts/tei:title[@type = 'main'], $ts/tei:title[@level = 'a'],
        $ts/tei:title[not(@level = ('s', 'j', 'm') or @type = ('series', 'sub', 'alt', 'desc'))], $ts/tei:title)[1])"/>
  </xsl:function>

  <!-- The series the document belongs to: titles of level s (or type series), other than
       the document's own title. -->
  <xsl:function name="te:series" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="ts" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="own" select="te:title($root)"/>
    <xsl:sequence select="distinct-values($ts/tei:title[@level = 's' or @type = 'series']
        ! normalize-space(.)[. and . != $own])"/>
  </xsl:function>

  <!-- The people the header names as responsible, as words: editors ('Name (editor)') and
       responsibility statements ('Translated by Name', 'Name (transcription)'), in order. -->
  <xsl:function name="te:credits" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="ts" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="$ts/(tei:editor[not(@role = 'translator')][te:person-words(.)] ! (te:person-words(.) || ' (' || (@role, 'editor')[1] || ')'),
        tei:respStmt[not(te:is-translation(.))] ! te:resp-phrase(.))[normalize-space(.)]"/>
  </xsl:function>

  <xsl:function name="te:subtitle" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="ts" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="normalize-space(($ts/tei:title[@type = 'sub'])[1])"/>
  </xsl:function>

  <xsl:function name="te:authors" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author
        ! te:person-words(.)"/>
  </xsl:function>

  <!-- A person (or body) of the header as words: an author or editor naming several
       people gives each ('Anne Smith; Paul Jones'); a name made of parts (forename,
       surname ...) without words of its own reads forename first, its parts apart ('Anne
       Smith', whatever the order of the markup); other parts of a name keep apart from the
       words beside them. The words keep the case the source gives them. -->
  <xsl:function name="te:person-words" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <!-- several names of one person (typed: full, short; in several languages): the first -->
    <xsl:variable name="all" select="$e/(tei:persName, tei:name, tei:orgName)"/>
    <xsl:variable name="names" select="if ($all[@type or @xml:lang]) then $all[1] else $all"/>
    <xsl:sequence select="
        if (count($names) gt 1 and not($e/text()[normalize-space()]))
        then string-join($names ! te:person-words(.)[.], '; ')
        else if (count($names) = 1 and not($e/text()[normalize-space()])) then te:person-words($names)
        else if ($e[tei:forename or tei:surname][not(text()[normalize-space()])])
        then normalize-space(string-join(($e/tei:roleName, $e/tei:forename, $e/tei:nameLink,
            $e/tei:surname, $e/tei:genName, $e/tei:addName) ! te:name-part-words(.), ' '))
        else normalize-space(te:name-part-words($e))"/>
  </xsl:function>

  <!-- The words of a name or part of a name: its parts (forename, surname, roleName ...)
       and the elements of a header line (title, author, date) apart from each other. -->
  <xsl:function name="te:name-part-words" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="string-join($e/node() ! (
        if (self::tei:forename or self::tei:surname or self::tei:roleName or self::tei:addName
            or self::tei:genName or self::tei:nameLink or self::tei:persName or self::tei:orgName
            or self::tei:name or self::tei:title or self::tei:author or self::tei:date
            or self::tei:placeName) then ' ' || te:name-part-words(.) || ' '
        else if (self::tei:note or self::tei:ptr) then ' '
        else if (. instance of element()) then te:name-part-words(.)
        else string(.)))"/>
  </xsl:function>

  <!-- respStmts whose resp mentions translation -->
  <xsl:function name="te:translators" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="ts" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="($ts/tei:respStmt[te:is-translation(.)]
        /(tei:persName, tei:name)[1], $ts/tei:editor[@role = 'translator']) ! te:person-words(.)"/>
  </xsl:function>

  <!-- (role, name) pairs of the other responsibilities (editors, encoders). -->
  <xsl:function name="te:responsibilities" as="element(tei:respStmt)*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt
        [not(te:is-translation(.))]"/>
  </xsl:function>

  <!-- The description of the source: sourceDesc's first bibl other than a bare citation
       (else its biblStruct, biblFull, citation, p). -->
  <xsl:function name="te:source-bibl" as="element()?">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="sd" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="($sd/(tei:bibl[not(@type = 'citation')], tei:biblStruct, tei:biblFull),
        $sd/(tei:bibl, tei:p))[1]"/>
  </xsl:function>

  <!-- The source's citation as the archive gives it: a bibl (or a note) of type
       "citation" anywhere in sourceDesc (a note of the importer may say n="citation"). -->
  <xsl:function name="te:source-citation-element" as="element()?">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="sd" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="($sd//tei:bibl[@type = 'citation'], $sd//tei:note[@type = 'citation'],
        $sd//tei:note[@n = 'citation'])[1]"/>
  </xsl:function>

  <!-- A responsibility as words: 'Translated by Sergey Radchenko'. -->
  <xsl:function name="te:resp-phrase" as="xs:string">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:variable name="resp" select="normalize-space(($r/tei:resp)[1])"/>
    <xsl:variable name="names" select="string-join($r/(tei:persName, tei:name, tei:orgName)
        ! te:person-words(.)[.], ', ')"/>
    <xsl:sequence select="
        if (matches($resp, '\sby$', 'i')) then $resp || ' ' || $names
        else if (contains(lower-case($resp), 'transl')) then te:msg('doc.translated-by', map{'names': $names})
        else if ($resp and $names) then $names || ' (' || $resp || ')'
        else $resp || $names"/>
  </xsl:function>

  <!-- The words of a part of a bibliographic description: a respStmt as a phrase (its
       children are not separated by text), pointers left out, and the parts of a structured
       description (monogr, imprint: author, title, place, publisher, date with nothing but
       white space between them) joined by commas. -->
  <xsl:function name="te:bibl-text" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="
        if ($n/self::tei:respStmt) then te:resp-phrase($n)
        else if ($n/self::tei:ptr) then ''
        else if ($n[self::tei:biblStruct or self::tei:analytic or self::tei:monogr
            or self::tei:imprint or self::tei:series or self::tei:bibl or self::tei:msIdentifier]
            [not(text()[normalize-space()])][count(*) gt 1])
        then string-join($n/*[not(self::tei:note or self::tei:ptr or self::tei:textLang)]
            ! normalize-space(te:bibl-text(.))[.], ', ')
        else if ($n instance of element()) then string-join($n/node() ! (
            (if (te:field-after-field(.)) then ' ' else '') || te:bibl-text(.)))
        else string($n)"/>
  </xsl:function>

  <!-- Is a node a part of a description set directly after another (a title and its
       author side by side, where the header's white space between them is not kept), so
       that its words need a space before them? Not letters highlighted within a word. -->
  <xsl:function name="te:field-after-field" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="inline" select="('hi', 'emph', 'c', 'g', 'seg', 'foreign', 'choice', 'abbr',
        'expan', 'ex', 'am', 'sic', 'corr', 'orig', 'reg', 'supplied', 'unclear', 'add', 'del', 'w', 'pc')"/>
    <xsl:sequence select="$n instance of element() and not(local-name($n) = $inline)
        and exists($n/preceding-sibling::node()[1][self::*][not(local-name() = $inline)])"/>
  </xsl:function>

  <!-- The source as one citation string: the archive's citation when there is one, else
       the bibl's own words (mixed content), else its parts joined by commas. -->
  <xsl:function name="te:source-citation" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="b" select="te:source-bibl($root)"/>
    <xsl:variable name="cit" select="te:source-citation-element($root)"/>
    <xsl:sequence select="
        if ($cit) then normalize-space(te:bibl-text($cit))
        else if ($b/text()[normalize-space()]) then normalize-space(string-join($b/node() ! te:bibl-text(.)))
        else string-join($b/*[not(self::tei:note or self::tei:ptr or self::tei:textLang)] ! normalize-space(te:bibl-text(.))[.], ', ')"/>
  </xsl:function>

  <!-- The source's web address, if the header gives one. -->
  <xsl:function name="te:source-url" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="sd" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="string((($sd//(tei:ptr, tei:ref)/@target, $sd//tei:idno[@type = ('URI', 'URL', 'url', 'uri')])
        [matches(normalize-space(.), '^https?://')])[1] ! normalize-space(.))"/>
  </xsl:function>

  <xsl:function name="te:publisher" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="ps" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
    <!-- its name: an address given beside it (street, post code, town) is no part of it -->
    <xsl:variable name="p" select="($ps/(tei:publisher, tei:authority, tei:distributor))[1]"/>
    <xsl:sequence select="if ($p/(tei:name, tei:orgName, tei:persName) and not($p/text()[normalize-space()]))
        then normalize-space(te:person-words($p)) else normalize-space($p)"/>
  </xsl:function>

  <xsl:function name="te:publication-date" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="d" select="(root($root)/*/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:date)[1]"/>
    <xsl:sequence select="string(($d/@when, normalize-space($d))[1])"/>
  </xsl:function>

  <!-- The edition's own identifier (publicationStmt/idno that is not a web address), or ''. -->
  <xsl:function name="te:edition-idno" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="ps" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
    <xsl:sequence select="string(($ps//tei:idno ! normalize-space(.)[.][not(matches(., '^https?://'))])[1])"/>
  </xsl:function>

  <!-- An ISO date (YYYY-MM-DD, YYYY-MM) in words in the interface's language, '29 November
       2026' (the catalog's patterns date.day-month-year and date.month-year and its month
       names); anything else as is. -->
  <xsl:function name="te:date-words" as="xs:string">
    <xsl:param name="d" as="xs:string"/>
    <xsl:variable name="date" select="if ($d castable as xs:date) then xs:date($d)
        else if ($d castable as xs:gYearMonth) then xs:date($d || '-01') else ()"/>
    <xsl:sequence select="
        if (empty($date)) then $d
        else (if ($d castable as xs:date)
              then te:msg('date.day-month-year') => replace('\{M\}', te:msg('date.month.' || month-from-date($date)))
              else te:msg('date.month-year') => replace('\{M\}', te:msg('date.month-alone.' || month-from-date($date))))
            => replace('\{D\}', string(day-from-date($date)))
            => replace('\{Y\}', format-date($date, '[Y]'))"/>
  </xsl:function>

  <!-- A date as a historian writes it, in the interface's language: an ISO date, month or
       year ('1904', '0401', '-0044-03-15') in words ('1904', '401', '15 March 44 BCE'), and
       a range from one to another ('401–404'); anything else as it is. -->
  <xsl:function name="te:date-display" as="xs:string">
    <xsl:param name="from" as="xs:string"/>
    <xsl:param name="to" as="xs:string"/>
    <xsl:sequence select="string-join((te:date-one($from), te:date-one($to))[.], '–')"/>
  </xsl:function>

  <xsl:function name="te:date-one" as="xs:string" cache="yes">
    <xsl:param name="d" as="xs:string"/>
    <xsl:variable name="s" select="normalize-space($d)"/>
    <xsl:choose>
      <xsl:when test="matches($s, '^-?\d{4,}(-\d{2}(-\d{2})?)?$')">
        <!-- year, month, day: one regular expression to recognize the form, none to read it -->
        <xsl:variable name="parts" select="tokenize(if (starts-with($s, '-')) then substring($s, 2) else $s, '-')"/>
        <xsl:variable name="year" select="string(xs:integer($parts[1]))"/>
        <xsl:variable name="month" select="string($parts[2])"/>
        <xsl:variable name="day" select="string($parts[3])"/>
        <xsl:variable name="dated" select="
            if ($day) then te:msg('date.day-month-year', map{'Y': $year, 'D': string(xs:integer($day)),
                'M': te:msg('date.month.' || xs:integer($month))})
            else if ($month) then te:msg('date.month-year', map{'Y': $year,
                'M': te:msg('date.month-alone.' || xs:integer($month))})
            else te:msg('date.year', map{'Y': $year})"/>
        <xsl:sequence select="if (starts-with($s, '-'))
            then te:msg('date.bce', map{'DATE': $dated}) else $dated"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="$d"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Straight quotation marks and apostrophes as typographic ones: "a" → “a”, it's → it’s. -->
  <xsl:function name="te:typographic" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="double" select="replace(replace($s, '(^|[\s(\[—–-])&quot;', '$1“'), '&quot;', '”')"/>
    <xsl:sequence select="replace(replace($double, &quot;(^|[\s(\[—–-“])'&quot;, '$1‘'), &quot;'&quot;, '’')"/>
  </xsl:function>

  <xsl:function name="te:edition-url" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="ps" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
    <xsl:sequence select="string(($ps//tei:idno[matches(normalize-space(.), '^https?://')], $ps//tei:ptr/@target)[1] ! normalize-space(.))"/>
  </xsl:function>

  <xsl:function name="te:licence" as="element()?">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="(root($root)/*/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability)[1]"/>
  </xsl:function>

  <!-- The editorial principles: the p elements of encodingDesc/editorialDecl (with
       any sub-sections' p), in order. -->
  <xsl:function name="te:editorial-principles" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)/*/tei:teiHeader/tei:encodingDesc/tei:editorialDecl//tei:p"/>
  </xsl:function>

  <!-- The header's editorial principles a reader is shown as stated: those in plain words,
       without the encoder's vocabulary (element, attribute and value names), which stays
       in the edition's documentation; te:reader-principles says the rest for readers. -->
  <xsl:function name="te:plain-principles" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="te:editorial-principles($root)
        [not(.//(tei:gi | tei:att | tei:val | tei:tag | tei:code | tei:ident))]"/>
  </xsl:function>

  <!-- The editorial principles in plain sentences, read from the document: whose the
       interventions are (the responsibilities its @resp points to, named as the header
       names them) and the kinds of intervention it has, each as a reader sees it. -->
  <xsl:function name="te:reader-principles" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="all" select="te:interventions($root)"/>
    <xsl:variable name="text" select="root($root)/*/(tei:sourceDoc, tei:text, tei:TEI/(tei:sourceDoc, tei:text))"/>
    <!-- whose: each responsibility an intervention or a note points to, with its name -->
    <xsl:variable name="whose" as="xs:string*">
      <xsl:for-each-group select="($all ! te:intervention-resp(.), $text//tei:note)[@resp][te:resp-name(.)]"
          group-by="te:resp-name(.)">
        <xsl:variable name="token" select="(tokenize(@resp) ! substring-after(., '#'))[1]"/>
        <xsl:variable name="decl" select="key('te:id', $token, root(.))[1]"/>
        <xsl:variable name="named" select="normalize-space(string-join(
            $decl/(self::tei:respStmt/(tei:persName, tei:name, tei:orgName),
                   self::tei:editor, self::tei:author)[1], ' '))"/>
        <xsl:sequence select="current-grouping-key()
            || (if ($named and $named != current-grouping-key()) then ', ' || $named else '')"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:variable name="of" select="function($kind) { $all[te:intervention-kind(.) = $kind] }"/>
    <xsl:variable name="by" select="function($es) {
        te:words-and(distinct-values($es ! te:resp-name(te:intervention-resp(.))[.])) }"/>
    <xsl:variable name="doubt" select="function($es) {
        exists($es[@cert = 'low' or (self::tei:choice and (tei:corr, tei:expan, tei:reg)/@cert = 'low')]) }"/>
    <xsl:sequence select="
        (if (exists($whose)) then te:msg('principles.whose', map{'list':
            if (count($whose) gt 1 and (some $w in $whose satisfies contains($w, ',')))
                then string-join($whose[position() lt last()], te:msg('list.semicolon'))
                  || te:msg('list.semicolon-and') || $whose[last()]
                else te:words-and($whose)}) else ()),
        for $es in $of('supplied')[1] return
          te:msg('principles.supplied', map{'by': ($by($of('supplied')), te:resp-label('editors'))[.][1]})
          || (if (every $e in $of('supplied') satisfies te:resp($e) = 'translator') then te:msg('principles.supplied-brackets') else '')
          || (if ($doubt($of('supplied'))) then te:msg('principles.supplied-doubt') else te:msg('list.stop')),
        for $es in ($of('abbreviation'), $of('expansion'))[1] return
          te:msg('principles.expanded', map{'by': ($by(($of('abbreviation'), $of('expansion'))), te:resp-label('editors'))[.][1]}),
        for $es in $of('correction')[1] return
          te:msg('principles.corrected', map{'by': ($by($of('correction')), te:resp-label('editors'))[.][1]})
          || (if ($doubt($of('correction'))) then te:msg('principles.corrected-doubt') else te:msg('list.stop')),
        for $es in $of('sic')[1] return
          te:msg('principles.sic', map{'by': ($by($of('sic')), te:resp-label('editors'))[.][1]}),
        for $es in $of('unclear')[1] return
          te:msg('principles.unclear', map{'what': te:msg(if ($doubt($of('unclear'))) then 'principles.unclear-doubtful' else 'principles.unclear-hard')}),
        for $es in $of('regularization')[1] return
          te:msg('principles.regularized', map{'by': ($by($of('regularization')), te:resp-label('editors'))[.][1]}),
        for $es in $of('gloss')[1] return te:msg('principles.gloss'),
        for $g in ($text//tei:gap)[1] return te:msg('principles.gap'),
        for $kind in ('translator', 'editorial', 'authorial')
          [exists(te:notes(root($root), ., false()))]
          return te:notes-principle($kind, te:notes(root($root), $kind, false()))"/>
  </xsl:function>

  <!-- The notes of one kind, for readers: whose they are and how they are numbered. -->
  <xsl:function name="te:notes-principle" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="notes" as="element(tei:note)*"/>
    <xsl:variable name="by" select="distinct-values($notes ! te:resp-name(.)[.])"/>
    <xsl:sequence select="
        if ($kind = 'translator') then te:msg('principles.notes.translator')
        else if ($kind = 'editorial') then (if (exists($by))
          then te:msg('principles.notes.editorial-by', map{'by': te:words-and($by)})
          else te:msg('principles.notes.editorial'))
        else if (te:remarks-only($notes)) then te:msg('principles.notes.remarks')
        else te:msg('principles.notes.source')"/>
  </xsl:function>

  <!-- Words joined as a list: 'a', 'a and b', 'a, b and c'. -->
  <xsl:function name="te:words-and" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <xsl:sequence select="if (count($items) le 1) then string($items[1])
        else string-join($items[position() lt last()], te:msg('list.comma')) || te:msg('list.and') || $items[last()]"/>
  </xsl:function>

  <!-- =================================================== rendering in a reading -->

  <!-- Render nodes with te:reading fixed. -->
  <xsl:template name="te:in-reading">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:param name="r" as="xs:string"/>
    <xsl:apply-templates select="$nodes">
      <xsl:with-param name="te:reading" tunnel="yes" select="$r"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- Call te:alternate with both renderings computed. -->
  <xsl:template name="te:intervene">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="cert" as="xs:string" select="''"/>
    <xsl:param name="normalized" as="item()*"/>
    <xsl:param name="diplomatic" as="item()*"/>
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:call-template name="te:alternate">
      <xsl:with-param name="kind" select="$kind"/>
      <xsl:with-param name="resp" select="$resp"/>
      <xsl:with-param name="cert" select="$cert"/>
      <xsl:with-param name="normalized" select="$normalized"/>
      <xsl:with-param name="diplomatic" select="$diplomatic"/>
      <xsl:with-param name="reading" select="$te:reading"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================ element → behaviour (matched once) -->

  <!-- Not part of the running text: the header and the registers (drivers read them). -->
  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile"/>

  <!-- What a document's text is: its sourceDoc transcription and its text, or, in a
       teiCorpus, those of each document in turn. -->
  <xsl:function name="te:texts" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)/*/(tei:sourceDoc | tei:text | tei:TEI | tei:teiCorpus)"/>
  </xsl:function>

  <xsl:template match="tei:TEI | tei:teiCorpus">
    <xsl:call-template name="te:section">
      <xsl:with-param name="kind" select="'document'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A transcription of the source's surfaces: each surface and zone a section, each
       line a block. -->
  <xsl:template match="tei:sourceDoc | tei:surfaceGrp | tei:surface | tei:zone">
    <xsl:call-template name="te:section">
      <xsl:with-param name="kind" select="local-name()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:line">
    <xsl:call-template name="te:block">
      <xsl:with-param name="kind" select="'line'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:text | tei:group">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back | tei:div">
    <xsl:call-template name="te:section">
      <xsl:with-param name="kind" select="string((@type, local-name())[1])"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:head[parent::tei:div or parent::tei:body or parent::tei:front
      or parent::tei:back or parent::tei:text]">
    <xsl:call-template name="te:heading">
      <xsl:with-param name="level" select="te:heading-level(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:head">
    <xsl:call-template name="te:block">
      <xsl:with-param name="kind" select="'caption'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab | tei:opener | tei:closer | tei:dateline | tei:salute
      | tei:signed | tei:postscript | tei:byline | tei:docAuthor | tei:docDate | tei:trailer
      | tei:argument | tei:epigraph | tei:list | tei:item | tei:lg | tei:l | tei:sp | tei:speaker
      | tei:table | tei:row | tei:cell | tei:figure | tei:listBibl | tei:bibl[parent::tei:listBibl]
      | tei:label[parent::tei:list] | tei:quote[not(ancestor::tei:p or ancestor::tei:ab or ancestor::tei:l)]
      | tei:floatingText | tei:titlePage | tei:docTitle | tei:titlePart
      | tei:seg[parent::tei:opener or parent::tei:closer]
      | tei:stage[not(parent::tei:p or parent::tei:ab or parent::tei:l or parent::tei:seg
          or parent::tei:hi or parent::tei:speaker or parent::tei:q or parent::tei:said)]
      | tei:castList | tei:castGroup | tei:castItem">
    <xsl:call-template name="te:block">
      <xsl:with-param name="kind" select="local-name()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:hi | tei:emph | tei:title | tei:term | tei:mentioned | tei:soCalled
      | tei:q | tei:quote | tei:said | tei:num | tei:measure | tei:time | tei:add
      | tei:seg | tei:foreign | tei:distinct | tei:gloss | tei:abbr | tei:expan | tei:corr
      | tei:reg | tei:orig | tei:label | tei:bibl | tei:ref[not(@target)] | tei:ptr[not(@target)]">
    <xsl:call-template name="te:inline">
      <xsl:with-param name="kind" select="local-name()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ............................................................... registers

       A list of persons, places, organisations, events or names in the text (a letter's
       register in back, a gazetteer's body) is a register, not running text: each entry one
       item, its name, other names, dates and identification, then its authority records as
       links ('Anne Smith (A. S.), 1866–1920; painter https://…'). Coordinates, ids and other
       data are left out. The entries are items of a list made here, which the driver renders
       as any list; the index of names (HTML, PDF) lists them with their mentions as well. -->
  <xsl:template match="(tei:listPerson | tei:listPlace | tei:listOrg | tei:listEvent | tei:listNym)
      [ancestor::tei:text or ancestor::tei:sourceDoc]">
    <xsl:for-each-group select="*" group-adjacent="te:is-entry(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:variable name="made" as="element(tei:list)">
            <tei:list type="register">
              <xsl:for-each select="current-group()">
                <tei:item>
                  <xsl:if test="@xml:lang">
                    <xsl:attribute name="xml:lang" select="@xml:lang"/>
                  </xsl:if>
                  <xsl:sequence select="te:entry-item(.)"/>
                </tei:item>
              </xsl:for-each>
            </tei:list>
          </xsl:variable>
          <xsl:apply-templates select="$made"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="current-group()[not(self::tei:listRelation or self::tei:relation)]"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:function name="te:is-entry" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/(self::tei:person, self::tei:personGrp, self::tei:place,
        self::tei:org, self::tei:event, self::tei:nym))"/>
  </xsl:function>

  <!-- One register entry's item, as TEI: its name in bold, the other forms of its name,
       what identifies it, its authority records as links, its own sub-entries after. -->
  <xsl:function name="te:entry-item" as="node()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="
        if ($entry/self::tei:event) then normalize-space(string-join((
            ($entry/@when, string-join(($entry/@from, $entry/@to), '–')[.], $entry/@notBefore)[1],
            ($entry/(tei:label, tei:head, tei:desc, tei:p))[1]) ! string()[normalize-space()], ': '))
        else if ($entry/self::tei:nym) then normalize-space(($entry/tei:form)[1])
        else te:entry-name($entry)"/>
    <xsl:variable name="variants" select="if ($entry/self::tei:event) then () else te:name-variants($entry)"/>
    <xsl:variable name="said" select="if ($entry/self::tei:event) then ''
        else te:entry-description($entry)"/>
    <xsl:variable name="links" select="te:entry-authorities($entry)"/>
    <xsl:variable name="ids" select="$entry/tei:idno[not(. = $links)][normalize-space()]
        ! normalize-space(string-join((@type, .), ' '))"/>
    <tei:hi rend="bold">{$name}</tei:hi>
    <xsl:if test="exists($variants)">{' (' || string-join($variants, ', ') || ')'}</xsl:if>
    <xsl:if test="$said">{', ' || $said}</xsl:if>
    <xsl:if test="exists($ids)">{'; ' || string-join($ids, '; ')}</xsl:if>
    <xsl:for-each select="$links">
      <xsl:text> </xsl:text>
      <tei:ref target="{normalize-space(.)}">{normalize-space(.)}</tei:ref>
    </xsl:for-each>
    <xsl:sequence select="$entry/(tei:listPerson, tei:listPlace, tei:listOrg, tei:listEvent)
        ! te:copy-register(.)"/>
  </xsl:function>

  <!-- A register nested in an entry (places in a place), copied into the item made. -->
  <xsl:function name="te:copy-register" as="element(tei:list)">
    <xsl:param name="list" as="element()"/>
    <tei:list type="register">
      <xsl:for-each select="$list/*[te:is-entry(.)]">
        <tei:item>
          <xsl:sequence select="te:entry-item(.)"/>
        </tei:item>
      </xsl:for-each>
    </tei:list>
  </xsl:function>

  <!-- An example of markup (egXML, in TEI's examples namespace) is code, not prose: its
       markup as written, in an example block (kind 'eg': HTML pre, text lines as given, PDF
       monospaced). -->
  <xsl:template match="*[local-name() = 'egXML'][namespace-uri() = 'http://www.tei-c.org/ns/Examples']">
    <xsl:variable name="markup" select="string-join(node() ! (if (. instance of element())
        then serialize(., map{'method': 'xml', 'omit-xml-declaration': true()}) else string(.)))
        => replace(' xmlns(:\w+)?=&quot;[^&quot;]*&quot;', '')"/>
    <!-- the lines without the indentation they share, nor blank lines around them -->
    <xsl:variable name="lines" select="tokenize($markup, '\r?\n')"/>
    <xsl:variable name="first" select="(index-of($lines ! boolean(normalize-space(.)), true()))[1]"/>
    <xsl:variable name="last" select="(index-of($lines ! boolean(normalize-space(.)), true()))[last()]"/>
    <xsl:variable name="kept" select="$lines[position() ge $first and position() le $last]"/>
    <xsl:variable name="dedent" select="min($kept[normalize-space()] ! (string-length(.) - string-length(replace(., '^[ \t]+', ''))))"/>
    <xsl:variable name="made" as="element(tei:eg)">
      <tei:eg>{string-join($kept ! substring(., ($dedent, 0)[1] + 1), '&#10;')}</tei:eg>
    </xsl:variable>
    <xsl:apply-templates select="$made"/>
  </xsl:template>

  <xsl:template match="tei:eg">
    <xsl:call-template name="te:block">
      <xsl:with-param name="kind" select="'eg'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A stage direction inside a line or paragraph. -->
  <xsl:template match="tei:stage">
    <xsl:call-template name="te:inline">
      <xsl:with-param name="kind" select="'stage'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A role's description and its actor keep apart from the role they follow directly
       ('Lopakhin, a merchant'). -->
  <xsl:template match="tei:roleDesc | tei:actor">
    <xsl:if test="preceding-sibling::node()[not(self::text()[not(normalize-space())])][1]
        [self::tei:role or self::tei:roleDesc or self::tei:roleName or self::tei:persName]">, </xsl:if>
    <xsl:call-template name="te:inline">
      <xsl:with-param name="kind" select="local-name()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Segments set side by side (a letterhead's left and right parts, rend="left" /
       "right" / "center") keep apart where nothing stands between them. -->
  <xsl:template match="tei:seg[preceding-sibling::node()[1][self::tei:seg]]
      [(., preceding-sibling::tei:seg[1]) ! te:aligned(.) = true()]" priority="1">
    <xsl:text> </xsl:text>
    <xsl:next-match/>
  </xsl:template>

  <!-- Words (w) and punctuation (pc) set side by side with no white space between them, as
       a tokenised text gives them (<w>La</w><w>corte</w>): a w is a word, so two words keep
       apart; punctuation attaches as the Guidelines' @join says (left, right, both,
       overlap), else as the mark itself does: a closing mark (. , ; : ! ? ) ] » ”) to the
       word before it, an opening one ((, [, «, “, pc/@pre="true") to the word after it, an
       apostrophe or a hyphen to both (d’Angiò). The parts of one word (w inside a w), the
       readings of one choice or apparatus, and words joined by a break (lb break="no", the
       break then standing between them) are not set apart. -->
  <xsl:template match="tei:w[not(ancestor::tei:w)] | tei:pc[not(ancestor::tei:w)]" priority="2">
    <xsl:if test="te:word-apart(.)">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:next-match/>
  </xsl:template>

  <xsl:function name="te:word-apart" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <!-- the element that ends last before this one starts: the word before, if it is one
         and no text (not even white space) stands between them -->
    <xsl:variable name="mine" select="$e/ancestor::*"/>
    <xsl:variable name="p" select="$e/preceding::*[not(self::tei:choice or self::tei:app
        or self::tei:subst or self::tei:rdgGrp or self::tei:alt)][te:same-branch(., $mine)][1]"/>
    <xsl:variable name="w" select="$p/ancestor-or-self::*[self::tei:w or self::tei:pc][last()]"/>
    <xsl:sequence select="exists($w) and not($p/ancestor::tei:note except $mine)
        and (($w//text())[last()] is $e/preceding::text()[te:same-branch(.., $mine)][1])
        and not(te:ends-in-space(te:last-text($w)))
        and not($e/@join = ('left', 'both', 'overlap') or $w/@join = ('right', 'both', 'overlap'))
        and te:token-kind($w) = ('word', 'close') and te:token-kind($e) = ('word', 'open')"/>
  </xsl:function>

  <!-- Is a node in the same reading as an element whose ancestors are given: not in
       another alternative of a choice, an apparatus or a substitution around that element
       (the readings of <choice><orig><w>old</w></orig><reg><w>new</w></reg></choice> each
       follow the word before the choice)? -->
  <xsl:function name="te:same-branch" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:param name="ancestors" as="element()*"/>
    <xsl:sequence select="empty($n/ancestor-or-self::*[parent::tei:choice or parent::tei:app
        or parent::tei:subst or parent::tei:rdgGrp or parent::tei:alt] except $ancestors)"/>
  </xsl:function>

  <!-- What a token is for spacing: a word, or a punctuation mark that closes (attaches to
       the word before), opens (to the word after) or joins both (an apostrophe, a hyphen). -->
  <xsl:function name="te:token-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="s" select="normalize-space($e)"/>
    <xsl:sequence select="
        if ($s = '') then 'join'
        else if (matches($s, '[\p{L}\p{N}]')) then 'word'
        else if ($e/@pre = ('true', '1')) then 'open'
        else if (matches($s, '^[''’ʼ‘\-‐‑/·_]+$')) then 'join'
        else if (matches($s, '^[\p{Ps}\p{Pi}¿¡]')) then 'open'
        else 'close'"/>
  </xsl:function>

  <xsl:function name="te:aligned" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="te:rend-tokens($e) = ('center', 'right')
        or tokenize(lower-case($e/@rend), '[\s,;()]+') = ('left', 'align-left', 'flush-left')
        or matches(lower-case($e/@style), 'text-align\s*:\s*left|float')"/>
  </xsl:function>

  <!-- The labels of a tree's or a graph's nodes and arcs are words apart. -->
  <xsl:template match="tei:label[parent::tei:eTree or parent::tei:eLeaf or parent::tei:tree
      or parent::tei:iNode or parent::tei:leaf or parent::tei:root or parent::tei:triangle
      or parent::tei:node or parent::tei:arc or parent::tei:graph or parent::tei:forest]">
    <xsl:text> </xsl:text>
    <xsl:call-template name="te:inline">
      <xsl:with-param name="kind" select="'label'"/>
    </xsl:call-template>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="tei:gi | tei:att | tei:val | tei:tag | tei:code | tei:ident">
    <xsl:call-template name="te:inline">
      <xsl:with-param name="kind" select="local-name()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:date">
    <xsl:call-template name="te:inline">
      <xsl:with-param name="kind" select="'date'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A pointer with nothing to show (ptr): each of its targets as a link made here, which
       the driver renders as any link. A note of the document reads as its marker ('[a]' in
       text, a superscript linked to the note elsewhere), a numbered paragraph as '¶3' linked
       to it, another element of the document by its number or heading, a web address as
       itself, any other pointer (another file, a prefixed one) as written. -->
  <xsl:template match="tei:ptr[@target]">
    <xsl:variable name="here" select="."/>
    <xsl:variable name="made" as="element(tei:ref)*">
      <xsl:for-each select="tokenize(@target)">
        <xsl:variable name="t" select="if (starts-with(., '#')) then key('te:id', substring(., 2), root($here))[1] else ()"/>
        <xsl:variable name="note" select="$t/self::tei:note[te:note-listed(.)][not(ancestor::tei:note)]
            [te:note-in-text(.) or ancestor::tei:listAnnotation]"/>
        <tei:ref>
          <xsl:choose>
            <xsl:when test="$note">
              <xsl:attribute name="te:href" select="'#' || te:note-id($note)"/>
              <xsl:attribute name="te:note" select="'yes'"/>
              <!-- the marker of a note apart from the text -->
              <xsl:if test="not(te:note-in-text($note)) and te:note-pointer($note) is $here">
                <xsl:attribute name="te:marks" select="generate-id($note)"/>
              </xsl:if>
              <xsl:sequence select="te:note-label($note)"/>
            </xsl:when>
            <xsl:when test="$t[te:numbered(.)]">
              <xsl:attribute name="te:href" select="'#p' || te:para-number($t)"/>
              <xsl:sequence select="'¶' || te:para-number($t)"/>
            </xsl:when>
            <xsl:when test="$t">
              <xsl:sequence select="($t/@n, $t/tei:head[1], $t/self::tei:note/@xml:id ! string(te:note-label($t)),
                  $t/@xml:id)[normalize-space()][1] ! normalize-space(.)"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:attribute name="target" select="."/>
              <xsl:sequence select="string(.)"/>
            </xsl:otherwise>
          </xsl:choose>
        </tei:ref>
      </xsl:for-each>
    </xsl:variable>
    <!-- words (not a note's marker) keep apart from the words they stand against -->
    <xsl:variable name="words" select="exists($made[not(@te:note)])"/>
    <xsl:if test="$words and matches(string(preceding::text()[1]), '[\p{L}\p{M}\p{N}]$')">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:for-each select="$made">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
    <xsl:if test="$words and matches(string(following::text()[1]), '^[\p{L}\p{M}\p{N}]')">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- A link made for a ptr to an element of the document. -->
  <xsl:template match="tei:ref[@te:href or @te:note]" priority="1">
    <xsl:call-template name="te:link">
      <xsl:with-param name="kind" select="'ref'"/>
      <xsl:with-param name="target" select="()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- An external or internal pointer. -->
  <xsl:template match="tei:ref[@target]">
    <xsl:call-template name="te:link">
      <xsl:with-param name="kind" select="'ref'"/>
      <xsl:with-param name="target" select="()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs
      | tei:geogName">
    <xsl:choose>
      <xsl:when test="@ref and ancestor::*[self::tei:text or self::tei:sourceDoc]">
        <xsl:variable name="target" select="te:target(.)"/>
        <xsl:call-template name="te:link">
          <xsl:with-param name="kind" select="te:name-kind(., $target)"/>
          <xsl:with-param name="target" select="$target"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="te:inline">
          <xsl:with-param name="kind" select="te:name-kind(.)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ............................................................. interventions -->

  <!-- supplied: '[x]' ('[x?]' when doubtful) in the diplomatic reading. -->
  <xsl:template match="tei:supplied">
    <xsl:call-template name="te:intervene">
      <xsl:with-param name="kind" select="'supplied'"/>
      <xsl:with-param name="resp" select="te:resp(.)"/>
      <xsl:with-param name="cert" select="string(@cert)"/>
      <xsl:with-param name="normalized">
        <xsl:call-template name="te:in-reading">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="r" select="'normalized'"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="diplomatic">
        <xsl:text>[</xsl:text>
        <xsl:call-template name="te:in-reading">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="r" select="'diplomatic'"/>
        </xsl:call-template>
        <xsl:if test="te:doubtful(.)">?</xsl:if>
        <xsl:text>]</xsl:text>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ex (an expanded part of an abbreviation): '[x]' in the diplomatic reading. -->
  <xsl:template match="tei:ex">
    <xsl:call-template name="te:intervene">
      <xsl:with-param name="kind" select="'expansion'"/>
      <xsl:with-param name="resp" select="te:resp(.)"/>
      <xsl:with-param name="cert" select="string(@cert)"/>
      <xsl:with-param name="normalized">
        <xsl:call-template name="te:in-reading">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="r" select="'normalized'"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="diplomatic">
        <xsl:text>[</xsl:text>
        <xsl:call-template name="te:in-reading">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="r" select="'diplomatic'"/>
        </xsl:call-template>
        <xsl:if test="te:doubtful(.)">?</xsl:if>
        <xsl:text>]</xsl:text>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- choice: sic/corr, abbr/expan, orig/reg. -->
  <xsl:template match="tei:choice">
    <xsl:variable name="source" select="(tei:sic, tei:abbr, tei:orig)[1]"/>
    <xsl:variable name="edited" select="(tei:corr, tei:expan, tei:reg)[1]"/>
    <xsl:choose>
      <xsl:when test="not($source) or not($edited)">
        <!-- an unexpected pair: keep every child's text -->
        <xsl:apply-templates/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="resp" select="te:resp-of($edited)"/>
        <xsl:call-template name="te:intervene">
          <xsl:with-param name="kind" select="
              if ($source/self::tei:sic) then 'correction'
              else if ($source/self::tei:abbr) then 'abbreviation' else 'regularization'"/>
          <xsl:with-param name="resp" select="$resp"/>
          <xsl:with-param name="cert" select="string(($edited/@cert, @cert)[1])"/>
          <xsl:with-param name="normalized">
            <xsl:call-template name="te:in-reading">
              <xsl:with-param name="nodes" select="$edited/node()"/>
              <xsl:with-param name="r" select="'normalized'"/>
            </xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="diplomatic">
            <xsl:choose>
              <!-- Com<ex>munist</ex>: the expansion as the source shows it, Com[munist] -->
              <xsl:when test="$edited/self::tei:expan and $edited//tei:ex">
                <xsl:call-template name="te:in-reading">
                  <xsl:with-param name="nodes" select="$edited/node()"/>
                  <xsl:with-param name="r" select="'diplomatic'"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="te:in-reading">
                  <xsl:with-param name="nodes" select="$source/node()"/>
                  <xsl:with-param name="r" select="'diplomatic'"/>
                </xsl:call-template>
                <!-- CC [Central Committee]: the translator's expansion in brackets -->
                <xsl:if test="$edited/self::tei:expan and $resp = 'translator'">
                  <xsl:text> [</xsl:text>
                  <xsl:call-template name="te:in-reading">
                    <xsl:with-param name="nodes" select="$edited/node()"/>
                    <xsl:with-param name="r" select="'diplomatic'"/>
                  </xsl:call-template>
                  <xsl:text>]</xsl:text>
                </xsl:if>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- sic outside a choice: 'x [sic]' in the diplomatic reading (not this edition's own
       sic, which is no mark of the source). -->
  <xsl:template match="tei:sic[not(parent::tei:choice)]">
    <xsl:call-template name="te:intervene">
      <xsl:with-param name="kind" select="'sic'"/>
      <xsl:with-param name="resp" select="te:resp(.)"/>
      <xsl:with-param name="normalized">
        <xsl:call-template name="te:in-reading">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="r" select="'normalized'"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="diplomatic">
        <xsl:call-template name="te:in-reading">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="r" select="'diplomatic'"/>
        </xsl:call-template>
        <xsl:if test="te:resp(.) != 'edition'"> [sic]</xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The letters after a doubtful unclear inside its word (Luisen|felde), which its mark
       '/?/' must follow so that the word stays whole, or ''. (Where a note follows those
       letters at once, the note's own rendering of them comes first: '' then.) -->
  <xsl:function name="te:doubt-rest" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="next" select="$e/following-sibling::node()[1][self::text()]
        [not(following-sibling::node()[1][self::tei:note])]"/>
    <xsl:sequence select="if ($e/self::tei:unclear and te:doubtful($e)
        and matches(string($e), '[\p{L}\p{M}\p{N}]$')) then te:leading-letters($next) else ''"/>
  </xsl:function>

  <!-- The rest of a word after a doubtful unclear: the diplomatic reading gave it with the
       unclear, before its mark; the normalized one gives it here. -->
  <xsl:template match="text()[preceding-sibling::node()[1][self::tei:unclear]
      [te:doubt-rest(.) != '']]" priority="2">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:variable name="rest" select="te:doubt-rest(preceding-sibling::node()[1])"/>
    <xsl:call-template name="te:switch">
      <xsl:with-param name="reading" select="$te:reading"/>
      <xsl:with-param name="normalized">{$rest}</xsl:with-param>
      <xsl:with-param name="diplomatic" select="()"/>
    </xsl:call-template>
    <xsl:value-of select="substring(., string-length($rest) + 1)"/>
  </xsl:template>

  <!-- unclear: 'x /?/' in the diplomatic reading when doubtful, the mark after the whole
       word ('Luisenfelde /?/' for <unclear>Luisen</unclear>felde). -->
  <xsl:template match="tei:unclear">
    <xsl:call-template name="te:intervene">
      <xsl:with-param name="kind" select="'unclear'"/>
      <xsl:with-param name="resp" select="te:resp(.)"/>
      <xsl:with-param name="cert" select="string(@cert)"/>
      <xsl:with-param name="normalized">
        <xsl:call-template name="te:in-reading">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="r" select="'normalized'"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="diplomatic">
        <xsl:call-template name="te:in-reading">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="r" select="'diplomatic'"/>
        </xsl:call-template>
        <xsl:if test="te:doubtful(.)">{te:doubt-rest(.)} /?/</xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The translator's foreign word after the English it glosses:
       '[rezhim]' in the diplomatic reading, '(rezhim)' in the normalized one. -->
  <xsl:template match="tei:foreign[te:resp(.) = 'translator']">
    <xsl:call-template name="te:intervene">
      <xsl:with-param name="kind" select="'gloss'"/>
      <xsl:with-param name="resp" select="'translator'"/>
      <xsl:with-param name="cert" select="string(@cert)"/>
      <xsl:with-param name="normalized">
        <xsl:text>(</xsl:text>
        <xsl:call-template name="te:inline">
          <xsl:with-param name="kind" select="'foreign'"/>
          <xsl:with-param name="te:reading" tunnel="yes" select="'normalized'"/>
        </xsl:call-template>
        <xsl:text>)</xsl:text>
      </xsl:with-param>
      <xsl:with-param name="diplomatic">
        <xsl:text>[</xsl:text>
        <xsl:call-template name="te:inline">
          <xsl:with-param name="kind" select="'foreign'"/>
          <xsl:with-param name="te:reading" tunnel="yes" select="'diplomatic'"/>
        </xsl:call-template>
        <xsl:text>]</xsl:text>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- del: what the source deletes is no part of the normalized reading; the diplomatic
       reading gives it, marked as deleted (te:inline of kind 'del': struck through in HTML
       and PDF, '[-x-]' in text). -->
  <xsl:template match="tei:del[not(node())]"/>

  <xsl:template match="tei:del">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:call-template name="te:switch">
      <xsl:with-param name="reading" select="$te:reading"/>
      <xsl:with-param name="normalized" select="()"/>
      <xsl:with-param name="diplomatic" as="item()*">
        <xsl:call-template name="te:inline">
          <xsl:with-param name="kind" select="'del'"/>
          <xsl:with-param name="te:reading" tunnel="yes" select="'diplomatic'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- gap: '[...]' in both readings (the letters on either side of it are no word), but
       in the diplomatic one where a note follows it directly: the source's own words for
       what is missing ('[illegible]', '[sic, the remainder of the document is missing]')
       then stand for it. -->
  <xsl:template match="tei:gap">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:call-template name="te:gap">
      <xsl:with-param name="reason" select="string(@reason)"/>
      <xsl:with-param name="resp" select="te:resp(.)"/>
      <xsl:with-param name="reading" select="$te:reading"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:function name="te:gap-shown" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:sequence select="$reading != 'diplomatic' or not(te:gap-noted($e))"/>
  </xsl:function>

  <!-- Does a note follow a gap directly (nothing but white space between)? -->
  <xsl:function name="te:gap-noted" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/following-sibling::node()[not(self::text()[not(normalize-space())])][1]
        [self::tei:note])"/>
  </xsl:function>

  <!-- .................................................................. apparatus -->

  <!-- app: the lemma (else the first reading) in the text, the other readings as
       alternates, with their witnesses (HTML: a tooltip), then the marker of its numbered
       apparatus entry (te:app-ref), which every format lists after the text
       (te:app-entries). An entry placed apart from the text it is about, in a listApp or
       with @loc (location-referenced) or @from/@to (double end-point attached), is given
       only there; the marker of a double end-point entry stands at its end anchor. -->
  <xsl:template match="tei:app[te:app-apart(.)]"/>

  <xsl:template match="tei:app">
    <xsl:variable name="lem" select="(tei:lem, tei:rdgGrp/tei:lem, tei:rdg, tei:rdgGrp/tei:rdg)[1]"/>
    <!-- white space around the readings inside app stands for white space around the entry -->
    <xsl:if test="node()[1][self::text()][te:starts-with-space(.)]">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:call-template name="te:apparatus">
      <xsl:with-param name="lemma" select="$lem"/>
      <xsl:with-param name="readings" select="((tei:rdg | tei:rdgGrp/tei:rdg) except $lem) | tei:witDetail"/>
    </xsl:call-template>
    <xsl:if test="te:app-listed(.)">
      <xsl:call-template name="te:app-ref">
        <xsl:with-param name="n" select="te:app-number(.)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:apply-templates select="tei:note"/>
    <xsl:if test="node()[last()][self::text()][te:ends-in-space(.)] and count(node()) gt 1
        and following-sibling::node()[1][self::* or self::text()[matches(., '^[\p{L}\p{M}\p{N}]')]]">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The end anchor of a double end-point attached entry: its marker, after the word
       the anchor stands in (cetoguṇa<anchor/>mātrasya: 'cetoguṇamātrasya', then the
       marker; te:mark-rest). -->
  <xsl:template match="tei:anchor[@xml:id][exists(key('te:app-end', @xml:id))]">
    <xsl:value-of select="te:mark-rest(.)"/>
    <xsl:for-each select="key('te:app-end', @xml:id)[te:app-listed(.)]">
      <xsl:call-template name="te:app-ref">
        <xsl:with-param name="n" select="te:app-number(.)"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- Marks inside a word. A note's marker and an end anchor's apparatus marker stand
       after the word they are put in, which stays whole (ā<anchor/><note/>tmani:
       'ātmani', then the marks): the first of them gives the rest of the word before its
       mark (te:mark-rest), and the text after them leaves it out. An anchor without a
       marker is passed over. -->
  <xsl:function name="te:is-mark" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n/self::tei:anchor[@xml:id][exists(key('te:app-end', @xml:id, root(.))[te:app-listed(.)])]
        | $n/self::tei:note[te:note-listed(.)][not(ancestor::tei:note or ancestor::tei:app[te:app-apart(.)])])"/>
  </xsl:function>

  <xsl:function name="te:is-mark-or-quiet" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="te:is-mark($n) or exists($n/self::tei:anchor)"/>
  </xsl:function>

  <!-- An anchor without a marker: passed over. -->
  <xsl:function name="te:is-quiet" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n/self::tei:anchor) and not(te:is-mark($n))"/>
  </xsl:function>

  <!-- The letters a mark (te:is-mark) gives before itself: the rest of the word it stands
       in where it is the first mark after the word's letters, or ''. (Where a note follows
       those letters at once, the note's own rendering of them comes first: '' then.) -->
  <xsl:function name="te:mark-rest" as="xs:string">
    <xsl:param name="e" as="node()"/>
    <xsl:variable name="start" select="$e/preceding-sibling::node()[not(te:is-mark-or-quiet(.))][1]"/>
    <xsl:variable name="next" select="$e/following-sibling::node()[not(te:is-mark-or-quiet(.))][1]
        [self::text()][not(following-sibling::node()[1][self::tei:note])]"/>
    <!-- no mark between the word's letters and this one: the nearest node before it that
         is not a quiet anchor is the word's (each step looks back no further than that) -->
    <xsl:variable name="before" select="$e/preceding-sibling::node()[not(te:is-quiet(.))][1]"/>
    <xsl:sequence select="if (te:is-mark($e) and exists($start) and $before is $start
        and matches(te:last-text($start), '[\p{L}\p{M}\p{N}]$')) then te:leading-letters($next) else ''"/>
  </xsl:function>

  <!-- The rest of a word after marks inside it: given before the first mark. -->
  <xsl:template match="text()[preceding-sibling::node()[1][te:is-mark-or-quiet(.)]]" priority="2">
    <xsl:variable name="start" select="preceding-sibling::node()[not(te:is-mark-or-quiet(.))][1]"/>
    <!-- the first mark after the word's letters: between them and this text there are
         only marks and quiet anchors, so the first node after the letters that is not a
         quiet anchor is that mark, or this text where there is none -->
    <xsl:variable name="first" select="(if (exists($start)) then $start/following-sibling::node()
        else ../node())[not(te:is-quiet(.))][1][te:is-mark(.)]"/>
    <xsl:variable name="rest" select="if ($first) then te:mark-rest($first) else ''"/>
    <xsl:value-of select="substring(., string-length($rest) + 1)"/>
  </xsl:template>

  <xsl:key name="te:app-end" match="tei:app[@from or @to]"
      use="(tokenize(@to), tokenize(@from))[1] ! substring-after(., '#')"/>

  <!-- Does an apparatus entry have a marker in the text (te:app-ref)? An entry in the
       text has, and one attached by its end point to an anchor of the document. -->
  <xsl:function name="te:app-marked" as="xs:boolean">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="not(te:app-apart($app)) or exists(
        key('te:id', ((tokenize($app/@to), tokenize($app/@from))[1] ! substring-after(., '#')), root($app))
        [self::tei:anchor])"/>
  </xsl:function>

  <!-- Is an app given apart from the text it is about (only in the apparatus)? -->
  <xsl:function name="te:app-apart" as="xs:boolean">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="exists($app[@from or @to or @loc or parent::tei:listApp])"/>
  </xsl:function>

  <!-- The apparatus entries of a document, in document order: every app of its texts that
       has readings other than its lemma, or is given apart from the text (an app in
       another's reading too). -->
  <xsl:function name="te:app-entries" as="element(tei:app)*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="if (root($root) is $te:doc) then $te:doc-apps
        else root($root)//(tei:text | tei:sourceDoc | tei:standOff)//tei:app[te:app-listed(.)]"/>
  </xsl:function>

  <xsl:variable name="te:doc-apps" as="element(tei:app)*"
      select="$te:doc//(tei:text | tei:sourceDoc | tei:standOff)//tei:app[te:app-listed(.)]"/>

  <xsl:function name="te:app-listed" as="xs:boolean">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="te:app-apart($app) or exists($app/tei:witDetail)
        or count($app/(tei:lem, tei:rdg, tei:rdgGrp/tei:lem, tei:rdgGrp/tei:rdg)) gt 1"/>
  </xsl:function>

  <xsl:variable name="te:app-numbers" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="$te:doc-apps">
        <xsl:map-entry key="generate-id(.)" select="position()"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <xsl:function name="te:app-number" as="xs:integer">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="($te:app-numbers(generate-id($app)),
        count(te:app-entries($app)[. &lt;&lt; $app]) + 1)[1]"/>
  </xsl:function>

  <!-- An apparatus entry's label, as its marker in the text gives it: v1, v2, v3 (apart
       from the notes' series). -->
  <xsl:function name="te:app-label" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="'v' || $n"/>
  </xsl:function>

  <!-- A reading's witnesses as sigla: each pointer of its @wit to a witness (or a
       manuscript or edition) of the document by that witness's siglum (@n, its abbr or
       idno of type siglum, else its id), any other pointer by its last part; then its
       @source, as written. 'A B' from wit="#A #B". -->
  <xsl:function name="te:witnesses" as="xs:string">
    <xsl:param name="r" as="element()"/>
    <xsl:sequence select="string-join((tokenize(string($r/@wit)) ! te:siglum(., $r),
        tokenize(string($r/@source)) ! replace(., '^#', '')), ' ')"/>
  </xsl:function>

  <xsl:function name="te:siglum" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="r" as="element()"/>
    <xsl:variable name="w" select="if (starts-with($pointer, '#'))
        then key('te:id', substring($pointer, 2), root($r))[1] else ()"/>
    <xsl:sequence select="(($w/@n, $w/tei:abbr[@type = 'siglum'], $w/tei:idno[@type = 'siglum'],
        $w/tei:msIdentifier/tei:idno[@type = 'siglum'])[normalize-space()][1] ! normalize-space(.),
        replace($pointer, '^.*#', ''))[1]"/>
  </xsl:function>

  <!-- One apparatus entry's words (context: an app): where it is placed ('8' for
       loc="8"), the lemma and a bracket ('nipuṇamanyena]'), each other reading with its
       witnesses, 'om.' for an empty one, 'inc.'/'des.' where a fragmentary witness begins
       or ends (witStart, witEnd), separated by semicolons; the notes of an entry
       given apart from the text (an inline entry's notes are notes of the text). Its words
       are in the reading in effect, as the text's (a diplomatic reading's entry keeps what
       a witness deletes, marked). -->
  <xsl:template name="te:app-entry">
    <xsl:variable name="lem" select="(tei:lem, tei:rdgGrp/tei:lem, tei:rdg, tei:rdgGrp/tei:rdg)[1]"/>
    <xsl:variable name="others" select="((tei:rdg | tei:rdgGrp/tei:rdg) except $lem) | tei:witDetail"/>
    <xsl:if test="@loc">{normalize-space(@loc)}: </xsl:if>
    <xsl:if test="$lem">
      <xsl:apply-templates select="$lem/node()"/>
      <xsl:if test="not(normalize-space($lem)) and exists($others)">om.</xsl:if>
      <xsl:if test="$lem/@wit or $lem/@source">{' ' || te:witnesses($lem)}</xsl:if>
      <xsl:if test="exists($others)">] </xsl:if>
    </xsl:if>
    <xsl:for-each select="$others">
      <xsl:if test="position() gt 1">; </xsl:if>
      <xsl:choose>
        <xsl:when test="normalize-space()">
          <xsl:apply-templates/>
        </xsl:when>
        <xsl:otherwise>om.</xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@wit or @source">{' ' || te:witnesses(.)}</xsl:if>
      <!-- a fragmentary witness beginning (inc.) or ending (des.) in this reading, or its
           lacuna -->
      <xsl:if test=".//tei:witStart"> inc.</xsl:if>
      <xsl:if test=".//tei:witEnd"> des.</xsl:if>
      <xsl:if test=".//tei:lacunaStart"> lac.</xsl:if>
    </xsl:for-each>
    <xsl:if test="te:app-apart(.)">
      <xsl:for-each select="tei:note">
        <xsl:if test="exists($lem | $others) or position() gt 1">
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:apply-templates/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>


  <!-- ..................................................................... notes -->

  <xsl:template match="tei:note">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:variable name="kind" select="te:note-kind(.)"/>
    <xsl:choose>
      <!-- a note inside a note, or inside an apparatus entry given apart (whose words it
           is part of): in square brackets inside it -->
      <xsl:when test="ancestor::tei:note or ancestor::tei:app[te:app-apart(.)]">
        <xsl:call-template name="te:note-inline">
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="open" select="if (te:needs-space(.)) then ' [' else '['"/>
          <xsl:with-param name="close" select="'] '"/>
        </xsl:call-template>
      </xsl:when>
      <!-- the author's remark, in parentheses in both readings -->
      <xsl:when test="@place = 'inline' and $kind = 'authorial'">
        <xsl:call-template name="te:note-inline">
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="open" select="if (@rend = 'parens') then '(' else ''"/>
          <xsl:with-param name="close" select="if (@rend = 'parens') then ')' else ''"/>
        </xsl:call-template>
      </xsl:when>
      <!-- other inline notes but the translator's: as written -->
      <xsl:when test="not(te:note-listed(.))">
        <xsl:call-template name="te:note-inline">
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="open" select="''"/>
          <xsl:with-param name="close" select="''"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="te:switch">
          <xsl:with-param name="reading" select="$te:reading"/>
          <xsl:with-param name="normalized">
            <xsl:value-of select="te:mark-rest(.)"/>
            <xsl:call-template name="te:note-ref">
              <xsl:with-param name="kind" select="$kind"/>
              <xsl:with-param name="label" select="te:note-label(.)"/>
              <xsl:with-param name="te:reading" tunnel="yes" select="'normalized'"/>
            </xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="diplomatic">
            <xsl:value-of select="te:mark-rest(.)"/>
            <xsl:if test="@place = 'inline'">
              <xsl:call-template name="te:note-inline">
                <xsl:with-param name="kind" select="$kind"/>
                <xsl:with-param name="open" select="if (te:needs-space(.)) then ' [' else '['"/>
                <xsl:with-param name="close" select="']'"/>
                <xsl:with-param name="te:reading" tunnel="yes" select="'diplomatic'"/>
              </xsl:call-template>
            </xsl:if>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ................................................................... breaks -->

  <xsl:template match="tei:space">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:call-template name="te:break">
      <xsl:with-param name="kind" select="'space'"/>
      <xsl:with-param name="n" select="string(@quantity)"/>
      <xsl:with-param name="rend" select="string(@rend)"/>
      <xsl:with-param name="reading" select="$te:reading"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:pb | tei:milestone | tei:lb | tei:cb">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:call-template name="te:break">
      <xsl:with-param name="kind" select="
          if (self::tei:pb) then 'page' else if (self::tei:lb) then 'line'
          else if (self::tei:cb) then 'column' else string((@unit, 'section')[1])"/>
      <xsl:with-param name="n" select="string(@n)"/>
      <xsl:with-param name="rend" select="string(@rend)"/>
      <xsl:with-param name="reading" select="$te:reading"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Images are not fetched: their descriptions are text. -->
  <xsl:template match="tei:graphic | tei:media | tei:binaryObject"/>

  <!-- A figure's image (only a figure's: a facsimile's surfaces are another matter): what
       the output has of it (te:figures) or its web address, with its description
       (te:image). -->
  <xsl:template match="tei:graphic[@url][ancestor::tei:figure]">
    <xsl:variable name="url" select="normalize-space(@url)"/>
    <xsl:call-template name="te:image">
      <xsl:with-param name="src" select="string(($te:figures($url), '')[1])"/>
      <xsl:with-param name="url" select="if (matches($url, '^https?://')) then $url else ''"/>
      <xsl:with-param name="alt" select="te:figure-alt(ancestor::tei:figure[1])"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A figure's description is its image's alternative text where it has an image. -->
  <xsl:template match="tei:figDesc[../tei:graphic[@url]]"/>

  <!-- What a figure shows, in words: its description, else its heading. -->
  <xsl:function name="te:figure-alt" as="xs:string">
    <xsl:param name="figure" as="element(tei:figure)"/>
    <xsl:sequence select="normalize-space(($figure/tei:figDesc, $figure/tei:head)[normalize-space()][1])"/>
  </xsl:function>

  <!-- A figure's caption: its heading, else its description. -->
  <xsl:function name="te:figure-caption" as="xs:string">
    <xsl:param name="figure" as="element(tei:figure)"/>
    <xsl:sequence select="normalize-space(($figure/tei:head, $figure/tei:figDesc)[normalize-space()][1])"/>
  </xsl:function>

  <!-- Fallback: an element without a rule keeps its text. -->
  <xsl:template match="*">
    <xsl:call-template name="te:inline">
      <xsl:with-param name="kind" select="'unknown'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()"/>

  <!-- ================================ default behaviours (plain text); override -->

  <xsl:template name="te:section">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="te:heading">
    <xsl:param name="level" as="xs:integer"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="te:block">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="te:inline">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="te:link">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="target" as="element()?"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="te:alternate">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="cert" as="xs:string"/>
    <xsl:param name="normalized" as="item()*"/>
    <xsl:param name="diplomatic" as="item()*"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:sequence select="if ($reading = 'diplomatic') then $diplomatic else $normalized"/>
  </xsl:template>

  <xsl:template name="te:switch">
    <xsl:param name="normalized" as="item()*"/>
    <xsl:param name="diplomatic" as="item()*"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:sequence select="if ($reading = 'diplomatic') then $diplomatic else $normalized"/>
  </xsl:template>

  <!-- An apparatus entry in the text: its lemma (the other readings are in the apparatus
       after the text, te:app-entry). -->
  <xsl:template name="te:apparatus">
    <xsl:param name="lemma" as="element()?"/>
    <xsl:param name="readings" as="element()*"/>
    <xsl:apply-templates select="$lemma/node()"/>
  </xsl:template>

  <!-- The marker of apparatus entry n in the text: '[v3]'. -->
  <xsl:template name="te:app-ref">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:text>[{te:app-label($n)}]</xsl:text>
  </xsl:template>

  <xsl:template name="te:note-inline">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="open" as="xs:string"/>
    <xsl:param name="close" as="xs:string"/>
    <xsl:value-of select="$open"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$close"/>
  </xsl:template>

  <xsl:template name="te:note-ref">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:text>[{$label}]</xsl:text>
  </xsl:template>

  <xsl:template name="te:break">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="n" as="xs:string"/>
    <xsl:param name="rend" as="xs:string"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:if test="$kind = 'section' and $reading = 'diplomatic' and $rend">{$rend}</xsl:if>
    <xsl:if test="$kind = 'line' and not(@break = ('no', 'false'))">
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="$kind = ('page', 'column', 'space') and te:separates(.)">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- An image: src, where the output has it ('' when it has not); url, its web address
       ('' for a local file); alt, what it shows. Plain text shows none (the figure says
       '[Figure: caption]'). -->
  <xsl:template name="te:image">
    <xsl:param name="src" as="xs:string"/>
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="alt" as="xs:string"/>
  </xsl:template>

  <xsl:template name="te:gap">
    <xsl:param name="reason" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:if test="te:gap-shown(., $reading)">{if (te:needs-space(.)) then ' ' else ''}[...]</xsl:if>
  </xsl:template>

</xsl:stylesheet>
