<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl: the edition as one self-contained HTML5 reading page.

  CSS and a small script are inline, and the page's Content-Security-Policy lets only these
  two run (see te:policy); the page makes no network request. Both readings
  are in the markup: every editorial intervention carries its normalized and its
  diplomatic rendering (classes te-n and te-d), and the class reading-normalized or
  reading-diplomatic on the html element shows one of them. The script only switches
  that class; without it the page shows the reading chosen by the parameter.

  Runs stand-alone in any XSLT 3.0 processor, e.g.
    java -jar saxon.jar -s:edition.xml -xsl:html.xsl reading=diplomatic

  Parameters (besides those of common.xsl: reading, the reading shown first):
    index               include the index of names (true)
    paragraph-numbers   number the paragraphs in the margin (true)
    other-reading-href  the page with the other reading, linked when scripts do not run
                        (default: from the edition's identifier, publicationStmt/idno, as
                        the export names its files: <idno>.diplomatic.html from the
                        normalized page, <idno>.html from the diplomatic one)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="https://tei-edition.org/ns"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <!-- Include the index of persons, places and organisations (with back-links to every
       mention); without it names are not linked. -->
  <xsl:param name="index" as="xs:boolean" select="true()"/>

  <!-- Number the paragraphs of the text in the margin (the index and the notes refer to
       paragraphs by these numbers either way). -->
  <xsl:param name="paragraph-numbers" as="xs:boolean" select="true()"/>

  <!-- The address of the page with the other reading (a relative address or a web
       address), linked from the key for readers without scripts, who cannot switch the
       reading here. Empty: derived from the edition's identifier (publicationStmt/idno)
       as tei-edition export names its files, <idno>.diplomatic.html from the normalized
       page, <idno>.html from the diplomatic one; without an identifier, no link. -->
  <xsl:param name="other-reading-href" as="xs:string" select="''"/>

  <!-- Where a name in the text links to an entry of the shared register (see the parameter
       registers of common.xsl): this address followed by the entry's id and .html (e.g.
       ../register/ gives ../register/stalin.html); empty: to the entry in this page's index,
       which has only the document's own entries. -->
  <xsl:param name="entry-base" as="xs:string" select="''"/>

  <!-- Both readings are in the page. -->
  <xsl:variable name="te:split" as="xs:boolean" select="true()"/>

  <xsl:variable name="te:root" select="/"/>

  <!-- Sections the page has: notes where the text has notes, the index where the
       registers have entries (and the index parameter asks for it). -->
  <xsl:variable name="te:has-notes" as="xs:boolean"
      select="exists(('translator', 'editorial', 'authorial') ! te:notes($te:root, ., . != 'authorial'))"/>
  <xsl:variable name="te:has-index" as="xs:boolean"
      select="$index and exists(('person', 'place', 'org') ! te:index-entries($te:root, .))"/>

  <!-- The entries of one kind this page's index lists: the document's own, and those of
       the shared register it points to where they have no page of their own (without
       entry-base; with it, names link to the entries' pages instead). -->
  <xsl:function name="te:index-entries" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="if ($entry-base) then te:entries-of(root($root), $kind) else te:register($root, $kind)"/>
  </xsl:function>

  <!-- Whether the page is indexed for a site's search (site.xsl says so): then what only
       describes the markup (the tooltips) is left out of the index. -->
  <xsl:variable name="te:site-search" as="xs:boolean" select="false()"/>

  <xsl:template name="te:not-searched">
    <xsl:if test="$te:site-search">
      <xsl:attribute name="data-pagefind-ignore">all</xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- ========================================================= helpers -->

  <!-- The address of a register entry's place: in this page's index, or, for an entry of
       the shared register, its page under entry-base, else its place in this page's index
       ('' where the page has no index: the name is not a link, its entry is named in its
       tooltip). -->
  <xsl:function name="te:entry-href" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if (root($entry) is $te:root) then '#' || te:entry-id($entry)
        else if ($entry-base) then $entry-base || $entry/@xml:id || '.html'
        else if ($te:has-index) then '#' || te:entry-id($entry)
        else ''"/>
  </xsl:function>

  <!-- Is this TEI element rendered as a link (a name with @ref in the text, a ref)? -->
  <xsl:function name="te:is-link" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
        exists($e[@ref][self::tei:persName or self::tei:placeName or self::tei:orgName
            or self::tei:name or self::tei:rs or self::tei:geogName][ancestor::*[self::tei:text or self::tei:sourceDoc]][$index])
        or exists($e[self::tei:ref or self::tei:ptr][te:safe-href(@target) or te:document-href(@target)])"/>
  </xsl:function>

  <!-- The address of the page with the other reading (see other-reading-href), or ''. -->
  <xsl:function name="te:other-reading-href" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="given" select="normalize-space($other-reading-href)"/>
    <xsl:variable name="stem" select="(root($root)/*/tei:teiHeader/tei:fileDesc/tei:publicationStmt
        //tei:idno ! normalize-space(.)[matches(., '^[\w.-]+$')])[1]"/>
    <xsl:sequence select="
        if ($given) then (if (te:safe-href($given) or matches($given, '^[^:\s&quot;&lt;&gt;]+$')) then $given else '')
        else if ($stem) then $stem || (if ($reading = 'diplomatic') then '.html' else '.diplomatic.html')
        else ''"/>
  </xsl:function>

  <!-- A target we link to: a web address, a mail address or a fragment; never a script. -->
  <xsl:function name="te:safe-href" as="xs:boolean">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:sequence select="matches(normalize-space($href), '^(https?://|mailto:)[^\s&quot;&lt;&gt;]+$', 'i')"/>
  </xsl:function>

  <!-- A pointer to another TEI document of the folder or edition (letter.xml, letter.xml#p3,
       documents/letter.xml) as
       the address of its page as the export names it ('letter.html#p3'), or '' (also for the
       edition's shared register, which has pages of its own entries, not one). -->
  <xsl:function name="te:document-href" as="xs:string">
    <xsl:param name="target" as="xs:string?"/>
    <!-- a folder of the edition before the name (documents/other.xml) is left out: the
         pages of an edition's documents stand side by side -->
    <xsl:variable name="t" select="replace(normalize-space($target), '^([\w.-]+/)+', '')"/>
    <xsl:variable name="file" select="substring-before($t || '#', '#')"/>
    <xsl:sequence select="if (matches(normalize-space($target), '^([\w-][\w.-]*/)*[\w.-]+\.xml(#[\w.-]+)?$')
        and not($registers and ends-with($registers, '/' || $file))
        and (not($te:documents-known) or $file = $te:known-documents))
        then replace($t, '\.xml(#|$)', '.html$1') else ''"/>
  </xsl:function>

  <!-- Which other documents have pages: all (an export assumes the documents it points to
       are exported beside it), or, where a site knows them (te:documents-known), only
       te:known-documents (their file names). -->
  <xsl:variable name="te:documents-known" as="xs:boolean" select="false()"/>
  <xsl:variable name="te:known-documents" as="xs:string*" select="()"/>

  <!-- Suffix for ids made in the diplomatic copy of a split rendering. -->
  <xsl:function name="te:id-suffix" as="xs:string">
    <xsl:param name="reading" as="xs:string"/>
    <xsl:sequence select="if ($reading = 'diplomatic') then '-d' else ''"/>
  </xsl:function>

  <!-- Positions worked out once (keys: generate-id, never written out). -->
  <xsl:variable name="te:serials" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="$te:doc//*">
        <xsl:map-entry key="generate-id(.)" select="position()"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- A number unique to an element of the source (its position in document order). -->
  <xsl:function name="te:serial" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="($te:serials(generate-id($e)), count($e/preceding::*) + count($e/ancestor::*) + 1)[1]"/>
  </xsl:function>

  <!-- The text a reader sees in rendered nodes (no tooltips, markers or note numbers). -->
  <xsl:function name="te:plain" as="xs:string">
    <xsl:param name="items" as="item()*"/>
    <xsl:sequence select="normalize-space(string-join(
        for $i in $items return
          if ($i instance of node())
          then $i/descendant-or-self::text()[not(ancestor::*[tokenize(@class) = ('te-tip', 'te-mark', 'te-noteref')])]
          else string($i)))"/>
  </xsl:function>

  <!-- Where a mention is, for a back-link: '¶12', 'note 3', or 'heading'. -->
  <xsl:function name="te:place-label" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="note" select="$m/ancestor::tei:note[te:note-listed(.)][1]"/>
    <xsl:variable name="p" select="$m/ancestor::tei:p[ancestor::tei:body][not(ancestor::tei:note)][1]"/>
    <xsl:sequence select="
        if ($note) then te:msg('where.note', map{'n': te:note-label($note)})
        else if ($p) then '¶' || te:para-number($p)
        else if ($m/ancestor::tei:head) then te:msg('where.heading')
        else te:msg('where.text')"/>
  </xsl:function>

  <!-- The id of a mention as rendered: source-only parts (sic, abbr, orig of a choice)
       exist only in the diplomatic copy. -->
  <xsl:function name="te:mention-anchor" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="te:mention-id($m) || (if ($m/ancestor::*[parent::tei:choice]
        [self::tei:sic or self::tei:abbr or self::tei:orig]) then '-d' else '')"/>
  </xsl:function>

  <!-- What an intervention is, in words. -->
  <xsl:function name="te:describe" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="cert" as="xs:string"/>
    <xsl:variable name="named" select="te:resp-name(te:intervention-resp($e))"/>
    <xsl:variable name="by" select="if ($named) then $named else te:resp-label($resp)"/>
    <xsl:variable name="doubt" select="if ($cert = 'low') then te:msg('tip.doubtful') else ''"/>
    <xsl:variable name="gloss" select="key('te:id', substring-after(($e/@corresp, '')[1], '#'), $te:root)[1]"/>
    <xsl:sequence select="
        if ($kind = ('supplied', 'expansion', 'abbreviation', 'correction', 'regularization', 'sic', 'unclear'))
        then te:msg('tip.' || $kind, map{'by': $by, 'doubt': $doubt})
        else if ($kind = 'gloss') then te:msg('tip.gloss', map{'language': te:language-name(te:lang($e)),
            'by': $by, 'for': if ($gloss) then te:msg('tip.gloss-for', map{'gloss': normalize-space($gloss)}) else ''})
        else te:msg('tip.intervention', map{'by': $by})"/>
  </xsl:function>

  <!-- ========================================================= the page -->

  <xsl:template match="/">
    <xsl:apply-templates select="/" mode="te:check"/>
    <xsl:variable name="title" select="te:title(.)"/>
    <html lang="{$te:interface-lang}" class="reading-{$reading}">
      <head>
        <meta charset="utf-8"/>
        <xsl:call-template name="te:policy"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-edition"/>
        <xsl:if test="te:authors(.)">
          <meta name="author" content="{string-join(te:authors(.), ', ')}"/>
        </xsl:if>
        <title>{$title}</title>
        <xsl:call-template name="te:page-style"/>
        <xsl:call-template name="te:head-extra"/>
      </head>
      <body>
        <a class="skip" href="#text">{te:msg('nav.skip-text')}</a>
        <xsl:call-template name="te:page-top"/>
        <xsl:call-template name="te:masthead"/>
        <xsl:call-template name="te:toolbar"/>
        <main id="main">
          <xsl:call-template name="te:key"/>
          <article id="text" aria-labelledby="text-h" tabindex="-1">
            <h2 id="text-h" class="section-title">{te:msg('doc.text')}</h2>
            <xsl:choose>
              <!-- the text in its own language where the interface speaks another -->
              <xsl:when test="$te:text-lang != $te:interface-lang or te:is-rtl($te:text-lang)">
                <div lang="{$te:text-lang}" class="te-text">
                  <xsl:if test="te:is-rtl($te:text-lang)"><xsl:attribute name="dir" select="'rtl'"/></xsl:if>
                  <xsl:apply-templates select="te:texts(/)"/>
                </div>
              </xsl:when>
              <xsl:otherwise>
                <xsl:apply-templates select="te:texts(/)"/>
              </xsl:otherwise>
            </xsl:choose>
          </article>
          <xsl:call-template name="te:apparatus-section"/>
          <xsl:if test="$te:has-notes">
            <xsl:call-template name="te:notes-section"/>
          </xsl:if>
          <xsl:if test="$te:has-index">
            <xsl:call-template name="te:index-section"/>
          </xsl:if>
          <xsl:call-template name="te:principles-section"/>
          <xsl:call-template name="te:cite-section"/>
        </main>
        <xsl:call-template name="te:footer"/>
        <xsl:call-template name="te:page-script"/>
      </body>
    </html>
  </xsl:template>

  <!-- The document's language, and the language of the page's interface: the document's
       here (a page standing alone), the edition's on a site's page (site.xsl), where the
       text keeps its own on the element that holds it. -->
  <xsl:variable name="te:text-lang" as="xs:string"
      select="string((/*/@xml:lang, /*/tei:text/@xml:lang, 'en')[1])"/>
  <xsl:variable name="te:interface-lang" as="xs:string" select="$te:text-lang"/>

  <!-- The page's Content-Security-Policy, its CSS and its script: a page that stands alone
       carries its CSS and script inline, and its policy lets only these two run, named by
       their digests; it loads nothing and cannot be given a base, plugins or a form's
       target elsewhere. A site's page (site.xsl) loads them from the site instead. -->
  <xsl:template name="te:policy">
    <meta http-equiv="Content-Security-Policy"
        content="default-src 'self'; script-src '{$te:script-sha256}'; style-src '{$te:css-sha256}'; object-src 'none'; base-uri 'none'; form-action 'self'"/>
  </xsl:template>

  <xsl:template name="te:page-style">
    <style>
      <xsl:value-of select="$te:css"/>
    </style>
  </xsl:template>

  <xsl:template name="te:page-script">
    <script>
      <xsl:value-of select="$te:script"/>
    </script>
  </xsl:template>

  <!-- The SHA-256 digests (base64) of te:css and te:script, as the policy names them
       (XPath cannot compute a digest): given with them by tei_edition.xslt. -->
  <xsl:param name="te:css-sha256" as="xs:string" select="''"/>
  <xsl:param name="te:script-sha256" as="xs:string" select="''"/>

  <!-- Hooks for a stylesheet that imports this one (a site's page): more in the head, and
       before the masthead. Empty here. -->
  <xsl:template name="te:head-extra"/>
  <xsl:template name="te:page-top"/>
  <!-- … and at the end of the index section. -->
  <xsl:template name="te:index-extra"/>

  <xsl:template name="te:masthead">
    <header class="masthead">
      <p class="kicker">{te:msg('doc.kicker')}</p>
      <h1>
        <xsl:if test="$te:text-lang != $te:interface-lang"><xsl:attribute name="lang" select="$te:text-lang"/></xsl:if>
        <xsl:value-of select="te:title(.)"/>
      </h1>
      <xsl:if test="te:subtitle(.)">
        <p class="subtitle">
          <xsl:if test="$te:text-lang != $te:interface-lang"><xsl:attribute name="lang" select="$te:text-lang"/></xsl:if>
          <xsl:value-of select="te:subtitle(.)"/>
        </p>
      </xsl:if>
      <dl class="meta">
        <xsl:if test="te:authors(.)">
          <dt>{te:msg('doc.author')}</dt>
          <dd>{string-join(te:authors(.), ', ')}</dd>
        </xsl:if>
        <xsl:if test="te:translators(.)">
          <dt>{te:msg('doc.translator')}</dt>
          <dd>{string-join(te:translators(.), ', ')}</dd>
        </xsl:if>
        <xsl:if test="exists(te:series(.))">
          <dt>{te:msg('doc.series')}</dt>
          <dd>{string-join(te:series(.), '; ')}</dd>
        </xsl:if>
        <xsl:if test="exists(te:credits(.)) and not(te:translators(.))">
          <dt>{te:msg('doc.edited')}</dt>
          <dd>{string-join(te:credits(.), '; ')}</dd>
        </xsl:if>
        <xsl:variable name="citation" select="te:source-citation(.)"/>
        <xsl:variable name="url" select="string(te:source-url(.)[te:safe-href(.)])"/>
        <xsl:if test="$citation or $url">
          <dt>{te:msg('doc.source')}</dt>
          <dd class="source">
            <xsl:value-of select="if ($url) then normalize-space(replace($citation, '\s*' || te:regex-escape($url) || '\s*$', '')) else $citation"/>
            <xsl:if test="$url">
              <xsl:text> </xsl:text>
              <a href="{$url}">{$url}</a>
            </xsl:if>
            <!-- the address the text was taken from stays; the archive's own address of the
                 document is added where it is another -->
            <xsl:variable name="archive" select="te:archive-url(.)"/>
            <xsl:if test="$archive and replace($archive, '^https?://', '') ne replace($url, '^https?://', '')">
              <span class="archive-url">{if ($url) then te:msg('doc.archive-page') else ' '}<a href="{$archive}">{$archive}</a>{if ($url) then te:msg('doc.archive-page-end') else ''}</span>
            </xsl:if>
          </dd>
        </xsl:if>
        <xsl:if test="te:publisher(.)">
          <dt>{te:msg('doc.edition')}</dt>
          <dd>{string-join((te:publisher(.), te:publication-date(.)[.]), ', ')}</dd>
        </xsl:if>
      </dl>
    </header>
  </xsl:template>

  <!-- The archive's own address of the document: where the source's description gives the
       archive's number of it in a scheme whose addresses are known (idno type="WCDA", the
       Wilson Center Digital Archive: https://digitalarchive.wilsoncenter.org/document/N), or
       ''. Nothing is made of a number of another scheme (a mirror's node, a call number). -->
  <xsl:function name="te:archive-url" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="sd" select="root($root)/*/tei:teiHeader/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="string(($sd//tei:idno[@type = 'WCDA'] ! normalize-space(.)[matches(., '^[0-9]+$')])[1]
        ! ('https://digitalarchive.wilsoncenter.org/document/' || .))"/>
  </xsl:function>

  <!-- A string as a regular expression matching itself. -->
  <xsl:function name="te:regex-escape" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace($s, '([.\\?*+{}()|^$\[\]-])', '\\$1')"/>
  </xsl:function>

  <xsl:template name="te:toolbar">
    <nav class="toolbar" aria-label="{te:msg('reading.sections')}">
      <ul>
        <li><a href="#text">{te:msg('reading.text')}</a></li>
        <xsl:if test="exists(te:app-entries(/))">
          <li><a href="#apparatus">{te:msg('reading.apparatus')}</a></li>
        </xsl:if>
        <xsl:if test="$te:has-notes">
          <li><a href="#notes">{te:msg('reading.notes')}</a></li>
        </xsl:if>
        <xsl:if test="$te:has-index">
          <li><a href="#index">{te:msg('reading.index')}</a></li>
        </xsl:if>
        <li><a href="#principles">{te:msg('reading.principles')}</a></li>
        <li><a href="#cite">{te:msg('reading.cite')}</a></li>
      </ul>
      <xsl:if test="exists(te:interventions(.))">
      <fieldset id="reading-switch" class="switch" hidden="hidden">
        <legend>{te:msg('reading.legend')}</legend>
        <label>
          <input type="radio" name="reading" value="normalized">
            <xsl:if test="$reading = 'normalized'"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
          </input>
          <xsl:value-of select="' ' || te:msg('reading.normalized')"/>
        </label>
        <label>
          <input type="radio" name="reading" value="diplomatic">
            <xsl:if test="$reading = 'diplomatic'"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
          </input>
          <xsl:value-of select="' ' || te:msg('reading.diplomatic')"/>
        </label>
      </fieldset>
      </xsl:if>
    </nav>
  </xsl:template>

  <!-- The key to the marks, with live samples: only the kinds of intervention and note the
       document has, named by whose they are (from the header). A document without
       interventions has no second reading and no switch. -->
  <xsl:template name="te:key">
    <xsl:variable name="root" select="/"/>
    <xsl:variable name="all" select="te:interventions(.)"/>
    <xsl:variable name="kinds" select="distinct-values($all ! te:intervention-kind(.))"/>
    <xsl:variable name="supplied-by" select="distinct-values($all[self::tei:supplied] ! te:resp-name(.)[.])"/>
    <xsl:variable name="becomes" select="(
        te:msg('key.corrections')[$kinds = 'correction'],
        te:msg('key.expansions')[$kinds = ('abbreviation', 'expansion')],
        te:msg('key.regularizations')[$kinds = 'regularization'],
        (if (count($supplied-by) = 1) then te:msg('key.supplied-by', map{'by': $supplied-by}) else te:msg('key.supplied'))[$kinds = 'supplied'])"/>
    <xsl:variable name="bracketed" select="$all[self::tei:supplied or self::tei:ex]"/>
    <xsl:variable name="marks" select="(
        (if ($bracketed and (every $b in $bracketed satisfies te:resp($b) = 'translator')) then te:msg('key.translator-brackets')
         else if ($bracketed) then te:msg('key.brackets') else ())[1],
        '[sic]'[$kinds = 'sic'], '/?/'[$all[self::tei:unclear][te:doubtful(.)]])"/>
    <xsl:variable name="by" as="element()*">
      <xsl:for-each-group select="$all" group-by="te:resp-name(te:intervention-resp(.))">
        <te:by cat="{te:resp(te:intervention-resp(.))}" label="{current-grouping-key()}"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:variable name="remarks" select="te:notes($root, 'authorial', false())[@place = 'inline']"/>
    <xsl:variable name="listed" select="('translator', 'editorial', 'authorial')[exists(te:notes($root, ., true()))]"/>
    <xsl:variable name="names" select="$index and exists(te:texts(.)//*[@ref][te:target(.)]
        [self::tei:persName or self::tei:placeName or self::tei:orgName or self::tei:name
         or self::tei:rs or self::tei:geogName])"/>
    <section class="key" aria-labelledby="key-h">
      <h2 id="key-h" class="section-title">{te:msg('reading.key')}</h2>
      <p>
        <xsl:choose>
          <xsl:when test="exists($all)">
            <span class="te-n">{te:msg('key.this-is')}<strong>{te:msg('key.normalized-reading')}</strong>{
              if (exists($becomes)) then te:msg('key.read-as-text', map{'list': te:and-list($becomes)}) else ''}{te:msg('list.stop')}</span>
            <span class="te-d">{te:msg('key.this-is')}<strong>{te:msg('key.diplomatic-reading')}</strong>{te:msg('key.as-source')}<xsl:for-each select="$marks">
                <xsl:value-of select="if (position() = 1) then te:msg('key.with') else if (position() = last()) then te:msg('list.and') else te:msg('list.comma')"/>
                <xsl:choose>
                  <xsl:when test="matches(., '^[\[/]')"><i>{.}</i></xsl:when>
                  <xsl:otherwise>{.}</xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>{te:msg('list.stop')}</span>
            <xsl:text> </xsl:text>
            <xsl:value-of select="te:msg('key.marked')"/>
            <xsl:text> </xsl:text>
            <span class="te-js" hidden="hidden">{te:msg('key.switch')}</span>
            <noscript>
              <xsl:variable name="other" select="te:msg(if ($reading = 'diplomatic') then 'key.normalized-reading' else 'key.diplomatic-reading')"/>
              <xsl:variable name="href" select="te:other-reading-href(.)"/>
              <xsl:value-of select="te:msg('key.other-before')"/>
              <xsl:choose>
                <xsl:when test="$href"><a href="{$href}">{$other}</a></xsl:when>
                <xsl:otherwise>{$other}</xsl:otherwise>
              </xsl:choose>
              <xsl:value-of select="te:msg('key.other-after')"/>
            </noscript>
          </xsl:when>
          <xsl:otherwise>{te:msg('key.no-interventions')}</xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:if test="exists($by) or exists($remarks) or exists($listed) or $names">
        <ul class="legend">
          <xsl:for-each select="$by">
            <xsl:variable name="who" select="if (@label != '') then string(@label) else ''"/>
            <xsl:variable name="role" select="('translator', 'edition', 'author')[te:resp-label(.) = $who][1]"/>
            <li><span class="sample te-alt te-by-{if (@cat != '') then @cat else 'unknown'}">{
                if ($role) then te:msg('key.sample.' || $role) else if ($who) then $who else te:msg('key.sample.intervention')}</span> {
                if ($role) then te:msg('key.own-intervention', map{'who': $who})
                else if ($who) then te:msg('key.intervention-by', map{'who': $who})
                else te:msg('key.unattributed')}</li>
          </xsl:for-each>
          <xsl:if test="$all[@cert = 'low' or (self::tei:choice and (tei:corr, tei:expan, tei:reg)/@cert = 'low')]">
            <li><span class="sample te-alt te-by-{($by/@cat[. != ''], 'unknown')[1]} te-doubtful">{te:msg('key.doubtful')}</span> {te:msg('key.doubtful-meaning')}</li>
          </xsl:if>
          <xsl:if test="exists($remarks)">
            <li><span class="sample te-note-inline te-authorial">{te:msg('key.remark-sample')}</span> {te:msg('key.remark')}</li>
          </xsl:if>
          <xsl:if test="exists($listed)">
            <li>
              <xsl:for-each select="$listed">
                <xsl:if test="position() gt 1">/</xsl:if>
                <a class="te-noteref te-{.}" href="#notes-{.}"><sup>{if (. = 'translator') then '1' else if (. = 'editorial') then 'a' else 'i'}</sup></a>
              </xsl:for-each>
              <xsl:text> </xsl:text>
              <xsl:value-of select="te:msg('key.notes', map{'list': te:and-list($listed ! te:msg('key.notes.' || .))})"/>
            </li>
          </xsl:if>
          <xsl:if test="$names">
            <li><span class="sample te-name">{te:msg('key.name-sample')}</span> {te:msg(if ($te:has-index) then 'key.leads-index' else 'key.leads-entry')}</li>
          </xsl:if>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- 'a', 'a and b', 'a, b and c'. -->
  <xsl:function name="te:and-list" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <xsl:sequence select="if (count($items) le 1) then string($items[1])
        else string-join($items[position() lt last()], te:msg('list.comma')) || te:msg('list.and') || $items[last()]"/>
  </xsl:function>

  <!-- The apparatus: its numbered entries after the text (lemma, readings, witnesses),
       each linked to and from its marker. -->
  <xsl:template name="te:apparatus-section">
    <xsl:variable name="apps" select="te:app-entries(/)"/>
    <xsl:if test="exists($apps)">
      <section id="apparatus" class="apparatus" aria-labelledby="apparatus-h">
        <h2 id="apparatus-h" class="section-title">{te:msg('reading.apparatus')}</h2>
        <ol class="applist">
          <xsl:for-each select="$apps">
            <xsl:variable name="label" select="te:app-label(te:app-number(.))"/>
            <li id="app-{te:app-number(.)}">
              <xsl:choose>
                <xsl:when test="te:app-marked(.)">
                  <a class="app-label" href="#appref-{te:app-number(.)}">{$label}</a>
                </xsl:when>
                <xsl:otherwise>
                  <span class="app-label">{$label}</span>
                </xsl:otherwise>
              </xsl:choose>
              <xsl:text> </xsl:text>
              <span class="app-entry">
                <xsl:call-template name="te:app-entry"/>
              </span>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A figure's image: the copy beside the page, else a link to it on the web, else
       nothing (the caption stands). -->
  <xsl:template name="te:image">
    <xsl:param name="src" as="xs:string"/>
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="alt" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$src">
        <img class="te-graphic" src="{$src}" alt="{$alt}" loading="lazy"/>
      </xsl:when>
      <xsl:when test="$url and te:safe-href($url)">
        <a class="te-graphic-link" href="{$url}">{if ($alt) then te:msg('reading.image') || ': ' || $alt else $url}</a>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:app-ref">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <a class="te-appref te-mark" href="#app-{$n}" id="appref-{$n}{te:id-suffix($te:reading)}"
        title="{te:msg('reading.apparatus')} {te:app-label($n)}"><sup>{te:app-label($n)}</sup></a>
  </xsl:template>

  <xsl:template name="te:notes-section">
    <xsl:variable name="root" select="/"/>
    <section id="notes" aria-labelledby="notes-h">
      <h2 id="notes-h" class="section-title">{te:msg('reading.notes')}</h2>
      <xsl:for-each select="('translator', 'editorial', 'authorial')">
        <xsl:variable name="kind" select="."/>
        <!-- an editor's or translator's note left in the running text (place="inline") is
             read there, unnumbered; the source's are all listed (te:note-positions) -->
        <xsl:variable name="notes" select="te:notes($root, $kind, $kind != 'authorial')"/>
        <xsl:if test="$notes">
          <section id="notes-{$kind}" class="notes notes-{$kind}" aria-labelledby="notes-{$kind}-h">
            <h3 id="notes-{$kind}-h">{te:notes-heading($kind, $notes)}</h3>
            <p class="notes-intro">{te:notes-intro($kind, $notes)}</p>
            <ol class="notelist">
              <xsl:for-each select="$notes">
                <li id="{te:note-id(.)}">
                  <span class="note-label">{te:note-label(.)}</span>
                  <xsl:text> </xsl:text>
                  <div class="note-body">
                    <!-- the source's words the note is about, as the source prints them -->
                    <xsl:variable name="lemma" select="te:lemma(.)"/>
                    <xsl:variable name="source" as="xs:string">
                      <xsl:call-template name="te:source-words">
                        <xsl:with-param name="nodes" select="$lemma"/>
                      </xsl:call-template>
                    </xsl:variable>
                    <xsl:if test="$kind = 'authorial'">(</xsl:if>
                    <xsl:if test="$source and $kind = 'editorial'">
                      <i>{te:msg('notes.source')}</i>
                      <xsl:text> </xsl:text>
                      <span class="note-lemma">{$source}</span>. </xsl:if>
                    <xsl:if test="$source and $kind = 'translator'">
                      <span class="note-lemma">{$source}</span> [</xsl:if>
                    <!-- the note's words in the reading shown, as the text's -->
                    <xsl:apply-templates/>
                    <xsl:if test="$source and $kind = 'translator'">]</xsl:if>
                    <xsl:if test="$kind = 'authorial'">)</xsl:if>
                    <xsl:text> </xsl:text>
                    <xsl:variable name="marker" select="if (te:note-in-text(.)) then . else te:note-pointer(.)"/>
                    <xsl:if test="$marker">
                      <a class="back" href="#{te:noteref-id(.)}" aria-label="{te:msg('notes.back', map{'where': te:place-label($marker)})}">↩ {te:place-label($marker)}</a>
                    </xsl:if>
                  </div>
                </li>
              </xsl:for-each>
            </ol>
          </section>
        </xsl:if>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- Nodes in the diplomatic reading, as the plain words a reader sees. -->
  <xsl:template name="te:source-words" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="rendered" as="item()*">
      <xsl:apply-templates select="$nodes">
        <xsl:with-param name="te:reading" tunnel="yes" select="'diplomatic'"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="te:plain($rendered)"/>
  </xsl:template>

  <xsl:template name="te:index-section">
    <xsl:variable name="root" select="/"/>
    <section id="index" aria-labelledby="index-h">
      <h2 id="index-h" class="section-title">{te:msg('reading.index')}</h2>
      <xsl:for-each select="('person', 'place', 'org')">
        <xsl:variable name="kind" select="."/>
        <xsl:variable name="entries" select="te:index-entries($root, $kind)"/>
        <xsl:variable name="label" select="te:msg('kind.' || $kind)"/>
        <xsl:if test="$entries">
          <section id="index-{$kind}" class="register" aria-labelledby="index-{$kind}-h">
            <h3 id="index-{$kind}-h">{$label}</h3>
            <ul class="entries">
              <xsl:for-each select="$entries">
                <xsl:sort select="te:sort-key(.)" lang="en"/>
                <xsl:variable name="name" select="te:filing-name(.)"/>
                <xsl:variable name="mentions" select="te:mentions(.)"/>
                <xsl:variable name="forms" select="te:name-variants(.)"/>
                <li id="{te:entry-id(.)}">
                  <span class="entry-name">{$name}</span>
                  <xsl:if test="exists($forms)">
                    <span class="entry-forms"> ({string-join($forms, '; ')})</span>
                  </xsl:if>
                  <xsl:variable name="desc" select="te:entry-description(.)"/>
                  <xsl:if test="$desc">
                    <span class="entry-desc"> — {$desc}</span>
                  </xsl:if>
                  <xsl:for-each select="te:entry-authorities(.)[te:safe-href(.)]">
                    <xsl:text> </xsl:text>
                    <a class="authority" href="{normalize-space(.)}">{(@type, te:msg('index.authority'))[1]}</a>
                  </xsl:for-each>
                  <span class="entry-refs">
                    <xsl:choose>
                      <xsl:when test="empty($mentions)"><xsl:text> </xsl:text>{te:msg('index.not-named')}</xsl:when>
                      <xsl:otherwise>
                        <xsl:text> </xsl:text>
                        <span class="vh">{te:msg('index.mentions')}</span>
                        <!-- $seen: how many earlier mentions each place label has had -->
                        <xsl:iterate select="$mentions">
                          <xsl:param name="seen" as="map(xs:string, xs:integer)" select="map{}"/>
                          <xsl:variable name="where" select="te:place-label(.)"/>
                          <xsl:variable name="same" select="($seen($where), 0)[1]"/>
                          <xsl:if test="not(. is $mentions[1])">, </xsl:if>
                          <a href="#{te:mention-anchor(.)}" class="back"
                              title="{te:msg(if ($same gt 0) then 'index.mention-n' else 'index.in',
                                map{'n': string($same + 1), 'where': if (starts-with($where, '¶'))
                                  then te:msg('where.paragraph', map{'n': substring($where, 2)}) else $where})}">{$where}{if ($same gt 0) then '.' || ($same + 1) else ''}</a>
                          <xsl:next-iteration>
                            <xsl:with-param name="seen" select="map:put($seen, $where, $same + 1)"/>
                          </xsl:next-iteration>
                        </xsl:iterate>
                      </xsl:otherwise>
                    </xsl:choose>
                  </span>
                </li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:if>
      </xsl:for-each>
      <xsl:call-template name="te:index-extra"/>
    </section>
  </xsl:template>

  <xsl:template name="te:principles-section">
    <section id="principles" aria-labelledby="principles-h">
      <h2 id="principles-h" class="section-title">{te:msg('reading.principles')}</h2>
      <!-- in plain words for readers: what the document's interventions are and how the
           page shows them, then the header's principles that need no encoder's terms -->
      <xsl:variable name="said" select="te:reader-principles(.)"/>
      <xsl:variable name="ps" select="te:plain-principles(.)"/>
      <xsl:for-each select="$said">
        <p class="te-p">{.}</p>
      </xsl:for-each>
      <xsl:apply-templates select="$ps"/>
      <xsl:if test="empty($said) and empty($ps)">
        <p>{te:msg('principles.none')}</p>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="te:cite-section">
    <section id="cite" aria-labelledby="cite-h">
      <h2 id="cite-h" class="section-title">Cite this edition</h2>
      <!-- the header's pointers are links only where the text's would be (te:safe-href) -->
      <xsl:variable name="url" select="(te:edition-url(.)[te:safe-href(.)], te:source-url(.)[te:safe-href(.)])[1]"/>
      <!-- one citation in one typography: the archive's straight quotes made typographic -->
      <xsl:variable name="date" select="te:date-words(te:publication-date(.))"/>
      <xsl:variable name="idno" select="te:edition-idno(.)"/>
      <xsl:variable name="source" select="replace(te:source-citation(.), '\s*https?://\S+\s*$', '')"/>
      <p class="citation">
        <xsl:value-of select="te:typographic(string-join((
            string-join(te:authors(.), ', ')[.] ! (. || '.'),
            '“' || te:title(.) || '.”',
            (if (te:translators(.)) then 'Translated by ' || string-join(te:translators(.), ', ') || '.' else ()),
            (if (te:publisher(.)) then 'Digital edition, ' || string-join((te:publisher(.), $date[.]), ', ') || '.' else ()),
            $idno[.] ! ('Identifier: ' || . || '.'),
            $source[.] ! ('Source: ' || .)), ' '))"/>
        <xsl:if test="$url">
          <xsl:text> </xsl:text>
          <a href="{$url}">{$url}</a>
        </xsl:if>
      </p>
    </section>
  </xsl:template>

  <xsl:template name="te:footer">
    <footer class="colophon">
      <xsl:variable name="licence" select="te:licence(.)"/>
      <xsl:if test="$licence">
        <div class="licence">
          <xsl:apply-templates select="$licence/node()"/>
        </div>
      </xsl:if>
      <p>
        <xsl:if test="te:publisher(.)">{te:publisher(.)}. </xsl:if>
        <xsl:text>Encoded in TEI P5; this page was generated by tei-edition and needs no network connection.</xsl:text>
      </p>
    </footer>
  </xsl:template>

  <!-- Header prose (availability, editorialDecl) reaches here through te:block/te:inline. -->
  <xsl:template match="tei:licence">
    <xsl:choose>
      <xsl:when test="te:safe-href(@target)">
        <a href="{normalize-space(@target)}">
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ========================================================= behaviours -->

  <xsl:template name="te:section">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="self::tei:body or self::tei:front or self::tei:back">
        <div class="te-{local-name()}">
          <xsl:apply-templates/>
        </div>
      </xsl:when>
      <xsl:when test="tei:head">
        <section class="te-div te-{$kind}">
          <xsl:call-template name="te:lang-attr"/>
          <xsl:apply-templates/>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <div class="te-div te-{$kind}">
          <xsl:call-template name="te:lang-attr"/>
          <xsl:apply-templates/>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:lang-attr">
    <xsl:if test="@xml:lang">
      <xsl:attribute name="lang" select="@xml:lang"/>
      <!-- the direction changes with the language: right to left for a language written
           so; inside such a text, another language's direction is the browser's to find
           from its letters (a code not known here may still be written from the right) -->
      <xsl:if test="te:is-rtl(@xml:lang) != te:is-rtl(string(ancestor::*[@xml:lang][1]/@xml:lang))">
        <xsl:attribute name="dir" select="if (te:is-rtl(@xml:lang)) then 'rtl' else 'auto'"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="te:heading">
    <xsl:param name="level" as="xs:integer"/>
    <xsl:variable name="n" select="min((6, 2 + count(ancestor::tei:div[tei:head])))"/>
    <xsl:element name="h{$n}">
      <xsl:attribute name="class" select="'te-head'"/>
      <xsl:call-template name="te:lang-attr"/>
      <xsl:apply-templates>
        <xsl:with-param name="te:phrasing" tunnel="yes" select="true()"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <xsl:template name="te:block">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="te:phrasing" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="numbered" select="$kind = 'p' and ancestor::tei:body and not(ancestor::tei:note)"/>
    <xsl:variable name="name" select="
        if ($te:phrasing) then 'span'
        else if ($kind = ('p', 'ab')) then 'p'
        else if ($kind = 'list') then (if (@type = ('ordered', 'numbered')) then 'ol' else 'ul')
        else if ($kind = 'item' and parent::tei:list) then 'li'
        else if ($kind = 'castList') then 'ul'
        else if ($kind = ('castItem', 'castGroup') and parent::tei:castList) then 'li'
        else if ($kind = 'quote') then 'blockquote'
        else if ($kind = 'table') then 'table'
        else if ($kind = 'row') then 'tr'
        else if ($kind = 'cell') then 'td'
        else if ($kind = 'figure') then 'figure'
        else if ($kind = 'eg') then 'pre'
        else if ($kind = 'caption' and parent::tei:figure and not($te:phrasing)) then 'figcaption'
        else 'div'"/>
    <xsl:element name="{$name}">
      <xsl:attribute name="class" select="string-join(('te-' || $kind, 'te-block'[$te:phrasing],
          te:rend-tokens(.)[. = ('center', 'right', 'italic', 'bold', 'smallcaps', 'spaced')] ! ('te-r-' || .)), ' ')"/>
      <xsl:if test="$numbered and not($te:phrasing)">
        <xsl:attribute name="id" select="'p' || te:para-number(.)"/>
      </xsl:if>
      <xsl:call-template name="te:lang-attr"/>
      <xsl:if test="$numbered and $paragraph-numbers and not($te:phrasing)">
        <span class="te-pnum te-mark" aria-hidden="true">{te:para-number(.)}</span>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$name = 'table'">
          <!-- the table's heading is its caption -->
          <xsl:if test="tei:head[normalize-space()]">
            <caption class="te-caption">
              <xsl:for-each select="tei:head[normalize-space()]">
                <xsl:if test="position() gt 1">
                  <xsl:text> </xsl:text>
                </xsl:if>
                <xsl:apply-templates>
                  <xsl:with-param name="te:phrasing" tunnel="yes" select="true()"/>
                </xsl:apply-templates>
              </xsl:for-each>
            </caption>
          </xsl:if>
          <tbody>
            <xsl:apply-templates select="tei:row"/>
          </tbody>
        </xsl:when>
        <xsl:when test="$name = ('ul', 'ol')">
          <!-- a list's other children (head, label, words between items) keep their text,
               in their place, in items of their own -->
          <xsl:for-each-group select="node()" group-adjacent="exists(self::tei:item
              | self::tei:castItem | self::tei:castGroup)">
            <xsl:choose>
              <xsl:when test="current-grouping-key()">
                <xsl:apply-templates select="current-group()"/>
              </xsl:when>
              <xsl:when test="current-group()[self::* or normalize-space()]">
                <li class="te-list-extra">
                  <xsl:apply-templates select="current-group()"/>
                </li>
              </xsl:when>
            </xsl:choose>
          </xsl:for-each-group>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates>
            <xsl:with-param name="te:phrasing" tunnel="yes"
                select="$te:phrasing or $name = 'p' or ($name = 'span')"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
    <!-- a block inside a line of text keeps apart from the words that follow it -->
    <xsl:if test="$te:phrasing">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="te:inline">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="rend" select="te:rend-tokens(.)"/>
    <xsl:variable name="name" select="
        if ($kind = 'hi') then
          (if ($rend = 'italic') then 'i'
           else if ($rend = 'bold') then 'b'
           else if ($rend = 'sup') then 'sup'
           else if ($rend = 'sub') then 'sub'
           else if ($rend = 'underline') then 'u'
           else if ($rend = 'strike') then 's'
           else 'span')
        else if ($kind = 'emph') then 'em'
        else if ($kind = 'title') then 'cite'
        else if ($kind = ('foreign', 'mentioned')) then 'i'
        else if ($kind = 'q') then 'q'
        else if ($kind = ('gi', 'att', 'val', 'tag', 'code', 'ident')) then 'code'
        else if ($kind = 'abbr') then 'abbr'
        else if ($kind = 'add') then 'ins'
        else if ($kind = 'del') then 'del'
        else if ($kind = 'date' and te:html-datetime(@when)) then 'time'
        else 'span'"/>
    <xsl:element name="{$name}">
      <xsl:attribute name="class" select="string-join(('te-' || $kind, $rend ! ('te-r-' || .)), ' ')"/>
      <xsl:if test="$kind = 'unknown'">
        <xsl:attribute name="data-tei" select="local-name()"/>
      </xsl:if>
      <xsl:if test="$name = 'time'">
        <xsl:attribute name="datetime" select="@when"/>
      </xsl:if>
      <xsl:if test="$kind = 'date' and (@notBefore or @notAfter)">
        <xsl:attribute name="title" select="string-join((@notBefore ! te:msg('tip.not-before', map{'date': string(.)}),
            @notAfter ! te:msg('tip.not-after', map{'date': string(.)})), te:msg('list.comma'))"/>
      </xsl:if>
      <xsl:if test="@key and $kind = ('person', 'place', 'org', 'name')">
        <xsl:attribute name="title" select="te:msg('tip.register', map{'ref': normalize-space(@key)})"/>
      </xsl:if>
      <xsl:if test="$kind = 'term' and @xml:id">
        <xsl:attribute name="id" select="'t-' || @xml:id"/>
      </xsl:if>
      <xsl:call-template name="te:lang-attr"/>
      <xsl:choose>
        <xsl:when test="$kind = 'gi'">&lt;<xsl:apply-templates/>&gt;</xsl:when>
        <xsl:when test="$kind = 'att'">@<xsl:apply-templates/></xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates>
            <xsl:with-param name="te:phrasing" tunnel="yes" select="true()"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- A @when that HTML's time element accepts (YYYY, YYYY-MM, YYYY-MM-DD). -->
  <xsl:function name="te:html-datetime" as="xs:boolean">
    <xsl:param name="when" as="attribute()?"/>
    <xsl:sequence select="matches(string($when), '^\d{4}(-\d{2}(-\d{2})?)?$')"/>
  </xsl:function>

  <!-- What a name's title says of an entry it points to: its name, and what the entry says. -->
  <xsl:function name="te:about" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="te:entry-name($entry) || (te:entry-description($entry)[.] ! (': ' || .))"/>
  </xsl:function>

  <!-- te:about of every entry the document's names point to (keys: generate-id), worked
       out once each: only those, so that a page costs the same in a register of ten
       entries or of ten thousand. -->
  <xsl:variable name="te:abouts" as="map(xs:string, xs:string)">
    <xsl:map>
      <xsl:for-each select="$te:doc//*[@ref][ancestor::*[self::tei:text or self::tei:sourceDoc]]
          ! te:targets(.) | ()">
        <xsl:map-entry key="generate-id(.)" select="te:about(.)"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <xsl:template name="te:link">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="target" as="element()?"/>
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:variable name="nested" select="exists(ancestor::*[@ref or @target][te:is-link(.)])"/>
    <xsl:choose>
      <xsl:when test="$kind = 'ref'">
        <xsl:variable name="href" select="normalize-space(@target)"/>
        <xsl:choose>
          <!-- a pointer to a note or paragraph of this page (a ptr) -->
          <xsl:when test="@te:href">
            <a class="te-ref te-ptr{if (@te:note) then ' te-noteref' else ''}" href="{@te:href}">
              <xsl:if test="@te:marks">
                <xsl:attribute name="id" select="'noteref' || substring-after(@te:href, '#note')"/>
              </xsl:if>
              <xsl:choose>
                <xsl:when test="@te:note"><sup>{.}</sup></xsl:when>
                <xsl:otherwise>{.}</xsl:otherwise>
              </xsl:choose>
            </a>
          </xsl:when>
          <!-- another document of the edition, exported beside this one: its page -->
          <xsl:when test="te:document-href($href) and not($nested)">
            <a class="te-ref te-document" href="{te:document-href($href)}">
              <xsl:apply-templates/>
              <xsl:if test="not(normalize-space())">{$href}</xsl:if>
            </a>
          </xsl:when>
          <xsl:when test="te:safe-href($href) and not($nested)">
            <a class="te-ref" href="{$href}">
              <xsl:apply-templates/>
              <xsl:if test="not(normalize-space())">{$href}</xsl:if>
            </a>
          </xsl:when>
          <xsl:otherwise>
            <span class="te-ref">
              <xsl:apply-templates/>
            </span>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="id" select="te:mention-id(.) || te:id-suffix($te:reading)"/>
        <xsl:variable name="about" select="
            string-join((for $t in te:targets(.) return ($te:abouts(generate-id($t)), te:about($t))[1]), ' / ')"/>
        <xsl:choose>
          <xsl:when test="$target and $index and not($nested) and te:entry-href($target)">
            <a class="te-name te-{$kind}" href="{te:entry-href($target)}" id="{$id}">
              <xsl:if test="$about">
                <xsl:attribute name="title" select="$about"/>
              </xsl:if>
              <xsl:if test="@cert = ('low', 'medium')">
                <xsl:attribute name="data-cert" select="@cert"/>
              </xsl:if>
              <xsl:apply-templates>
                <xsl:with-param name="te:phrasing" tunnel="yes" select="true()"/>
              </xsl:apply-templates>
            </a>
          </xsl:when>
          <!-- a name pointing to an authority or register on the web: a link to it -->
          <xsl:when test="empty($target) and not($nested) and te:safe-href(tokenize(@ref)[1])">
            <a class="te-name te-{$kind} te-external" href="{tokenize(@ref)[1]}" id="{$id}"
                title="{string-join(tokenize(@ref), ' ')}">
              <xsl:apply-templates>
                <xsl:with-param name="te:phrasing" tunnel="yes" select="true()"/>
              </xsl:apply-templates>
            </a>
          </xsl:when>
          <xsl:otherwise>
            <span class="te-name te-{$kind}{if ($nested) then ' te-nested' else ''}" id="{$id}">
              <xsl:if test="$about or (empty($target) and @ref)">
                <xsl:attribute name="title" select="if ($about) then $about else te:msg('tip.register', map{'ref': normalize-space(@ref)})"/>
              </xsl:if>
              <xsl:apply-templates>
                <xsl:with-param name="te:phrasing" tunnel="yes" select="true()"/>
              </xsl:apply-templates>
            </span>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:alternate">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="cert" as="xs:string"/>
    <xsl:param name="normalized" as="item()*"/>
    <xsl:param name="diplomatic" as="item()*"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:variable name="classes" select="string-join(('te-alt', 'te-' || $kind,
        'te-by-' || (if ($resp) then $resp else 'unknown'), 'te-doubtful'[$cert = 'low']), ' ')"/>
    <xsl:choose>
      <xsl:when test="$reading = 'both'">
        <xsl:variable name="tip" select="'tip-' || te:serial(.)"/>
        <xsl:variable name="n" select="te:plain($normalized)"/>
        <xsl:variable name="d" select="te:plain($diplomatic)"/>
        <span class="{$classes}" aria-describedby="{$tip}">
          <xsl:if test="not(ancestor::*[@ref or @target][te:is-link(.)])">
            <xsl:attribute name="tabindex" select="0"/>
          </xsl:if>
          <span class="te-n">
            <xsl:sequence select="$normalized"/>
          </span>
          <span class="te-d">
            <xsl:sequence select="$diplomatic"/>
          </span>
          <span class="te-tip" role="tooltip" id="{$tip}">
            <xsl:call-template name="te:not-searched"/>
            <span class="tip-what">{te:describe(., $kind, $resp, $cert)}</span>
            <xsl:text> </xsl:text>
            <span class="te-n">{te:msg('tip.source', map{'words': if ($d) then te:msg('tip.quoted', map{'words': $d}) else te:msg('tip.nothing')})}</span>
            <span class="te-d">{te:msg('tip.normalized', map{'words': if ($n) then te:msg('tip.quoted', map{'words': $n}) else te:msg('tip.nothing')})}</span>
          </span>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$classes}">
          <xsl:sequence select="if ($reading = 'diplomatic') then $diplomatic else $normalized"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An apparatus entry: the lemma in the text, the other readings in its tooltip. -->
  <xsl:template name="te:apparatus">
    <xsl:param name="lemma" as="element()?"/>
    <xsl:param name="readings" as="element()*"/>
    <xsl:choose>
      <xsl:when test="exists($readings)">
        <xsl:variable name="tip" select="'tip-' || te:serial(.)"/>
        <span class="te-app" aria-describedby="{$tip}">
          <xsl:if test="not(ancestor::*[@ref or @target][te:is-link(.)])">
            <xsl:attribute name="tabindex" select="0"/>
          </xsl:if>
          <xsl:apply-templates select="$lemma/node()">
            <xsl:with-param name="te:phrasing" tunnel="yes" select="true()"/>
          </xsl:apply-templates>
          <span class="te-tip" role="tooltip" id="{$tip}">
            <xsl:call-template name="te:not-searched"/>
            <span class="tip-what">{if ($lemma/@wit) then te:msg('tip.lemma', map{'wit': te:witnesses($lemma)}) else te:msg('tip.other-readings')}</span>
            <xsl:for-each select="$readings">
              <xsl:text> </xsl:text>
              <span class="te-rdg">{if (normalize-space()) then normalize-space() else 'om.'}{if (@wit) then ' ' || te:witnesses(.) else ''}{if (position() lt last()) then ';' else ''}</span>
            </xsl:for-each>
          </span>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$lemma/node()"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:switch">
    <xsl:param name="normalized" as="item()*"/>
    <xsl:param name="diplomatic" as="item()*"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$reading = 'both'">
        <xsl:if test="exists($normalized/node())">
          <span class="te-n">
            <xsl:sequence select="$normalized"/>
          </span>
        </xsl:if>
        <xsl:if test="exists($diplomatic/node())">
          <span class="te-d">
            <xsl:sequence select="$diplomatic"/>
          </span>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="if ($reading = 'diplomatic') then $diplomatic else $normalized"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A note's marker follows its word without a space: the white space before a listed
       note is kept for the diplomatic reading only (before the note's bracketed text). -->
  <xsl:template match="text()[following-sibling::node()[1][self::tei:note]]">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:variable name="note" select="following-sibling::node()[1]"/>
    <xsl:variable name="trimmed" select="te:trim-end(.)"/>
    <xsl:choose>
      <xsl:when test="$te:reading = 'diplomatic' or $trimmed = string(.)
          or not(te:note-listed($note)) or $note/ancestor::tei:note">
        <xsl:value-of select="."/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$trimmed"/>
        <xsl:if test="$te:reading = 'both'">
          <span class="te-d">
            <xsl:text> </xsl:text>
          </span>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:note-inline">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="open" as="xs:string"/>
    <xsl:param name="close" as="xs:string"/>
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <span class="te-note-inline te-{$kind}">
      <xsl:if test="$kind = 'authorial'">
        <xsl:attribute name="id" select="te:noteref-id(.) || te:id-suffix($te:reading)"/>
      </xsl:if>
      <xsl:value-of select="$open"/>
      <xsl:apply-templates>
        <xsl:with-param name="te:phrasing" tunnel="yes" select="true()"/>
      </xsl:apply-templates>
      <xsl:value-of select="$close"/>
    </span>
  </xsl:template>

  <xsl:template name="te:note-ref">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:variable name="text" as="node()*">
      <xsl:apply-templates>
        <xsl:with-param name="te:reading" tunnel="yes" select="'normalized'"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:variable name="source" as="xs:string">
      <xsl:call-template name="te:source-words">
        <xsl:with-param name="nodes" select="te:lemma(.)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="said" select="
        if (not($source)) then te:plain($text)
        else if ($kind = 'translator') then $source || ' [' || te:plain($text) || ']'
        else te:msg('noteref.source-words', map{'words': $source, 'text': te:plain($text)})"/>
    <xsl:if test="te:marker-after-marker(.)">
      <sup class="te-notesep">,</sup>
    </xsl:if>
    <a class="te-noteref te-{$kind}" href="#{te:note-id(.)}" id="{te:noteref-id(.)}"
        title="{te:msg(if ($kind = ('translator', 'editorial')) then 'noteref.' || $kind else 'noteref.source', map{'n': $label, 'said': $said})}">
      <sup>{$label}</sup>
    </a>
  </xsl:template>

  <xsl:template name="te:break">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="n" as="xs:string"/>
    <xsl:param name="rend" as="xs:string"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:param name="te:phrasing" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <!-- a line break inside a word: the word stays whole -->
      <xsl:when test="$kind = 'line' and @break = ('no', 'false')"/>
      <xsl:when test="$kind = 'line'">
        <br/>
      </xsl:when>
      <xsl:when test="$kind = 'space'">
        <xsl:text> </xsl:text>
      </xsl:when>
      <xsl:when test="$kind = ('page', 'column')">
        <xsl:if test="te:separates(.)">
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:variable name="title" select="te:msg('tip.' || $kind || '-break', map{'n': if ($n) then ' (' || $n || ')' else ''})"/>
        <xsl:choose>
          <!-- a break inside a word, or whose words touch it: a mark of no words of its
               own (its number drawn by the style sheet, its name given to assistive
               technology), so the word reads, is found and is copied whole -->
          <xsl:when test="te:break-in-word(.)">
            <span class="te-pb te-pb-word te-mark" title="{$title}" role="img"
                aria-label="{te:msg('tip.' || $kind || '-break-short', map{'n': if ($n) then ' ' || $n else ''})}">
              <xsl:if test="$n">
                <xsl:attribute name="data-n" select="$n"/>
              </xsl:if>
            </span>
          </xsl:when>
          <xsl:otherwise>
        <span class="te-pb te-mark" title="{$title}">
          <span class="vh">{te:msg('tip.' || $kind || '-break-short', map{'n': if ($n) then ' ' || $n else ''})}</span>
          <xsl:if test="$n">
            <span class="te-pb-n" aria-hidden="true">{$n}</span>
          </xsl:if>
        </span>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$te:phrasing">
        <span class="te-section-inline">
          <xsl:if test="$reading = ('both', 'normalized')">
            <span class="te-n te-mark" title="{te:msg('tip.section-break')}"> * * * </span>
          </xsl:if>
          <xsl:if test="$reading = ('both', 'diplomatic') and $rend">
            <span class="te-d"> {$rend} </span>
          </xsl:if>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="$reading = ('both', 'normalized')">
          <hr class="te-section te-n"/>
        </xsl:if>
        <xsl:if test="$reading = ('both', 'diplomatic') and $rend">
          <p class="te-section-d te-d">{$rend}</p>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:gap">
    <xsl:param name="reason" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="reading" as="xs:string"/>
    <!-- in both readings, but where a note after it stands for it in the diplomatic one -->
    <xsl:if test="te:gap-shown(., $reading)">
      <xsl:variable name="tip" select="'tip-' || te:serial(.)"/>
      <span class="{if ($reading = 'both' and te:gap-noted(.)) then 'te-n' else 'te-gap-mark'}">
        <xsl:if test="te:needs-space(.)">
          <xsl:text> </xsl:text>
        </xsl:if>
        <span class="te-gap" aria-describedby="{$tip}">
          <xsl:if test="not(ancestor::*[@ref or @target][te:is-link(.)])">
            <xsl:attribute name="tabindex" select="0"/>
          </xsl:if>
          <xsl:text>[…]</xsl:text>
          <span class="te-tip" role="tooltip" id="{$tip}">
            <xsl:call-template name="te:not-searched"/>
            <span class="tip-what">{
              if ($reason = ('missing', 'illegible', 'damaged')) then te:msg('tip.gap.' || $reason)
              else if ($reason) then te:msg('tip.gap.other', map{'reason': $reason}) else te:msg('tip.gap')}{
              if ($resp) then te:msg('tip.gap-recorded', map{'by': te:resp-label($resp)}) else ''}</span>
          </span>
        </span>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- ========================================================= style and script -->

  <!-- The page's CSS and script, which a page standing alone carries inline: the files of
       transforms/theme/ (edition.css, edition.js), given by tei_edition.xslt with their
       SHA-256 digests, which the page's Content-Security-Policy names. A site's pages load
       the same files from the site's theme/ folder. -->
  <xsl:param name="te:css" as="xs:string" select="''"/>

  <xsl:param name="te:script" as="xs:string" select="''"/>

</xsl:stylesheet>
